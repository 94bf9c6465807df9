import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigation } from "../../../data/navigation";
import { useUsage } from "../store";
import { LogTable } from "./LogTable";
import { TraceDetail } from "./TraceDetail";

export function LogTab() {
  const { t } = useTranslation();
  const { log, nextBefore, loadMore, loadingMore } = useUsage();
  const openChat = useNavigation((s) => s.openChat);
  const [trace, setTrace] = useState<string | null>(null);
  const [search, setSearch] = useState("");

  return (
    <>
      <form
        className="row trace-search"
        onSubmit={(e) => {
          e.preventDefault();
          if (search.trim()) setTrace(search.trim());
        }}
      >
        <input value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t("usage.trace.searchPlaceholder")} aria-label={t("usage.trace.search")} data-testid="trace-search" />
        <button type="submit">{t("usage.trace.search")}</button>
      </form>
      {trace && <TraceDetail traceId={trace} onClose={() => setTrace(null)} onOpenChat={openChat} />}
      {log.length === 0 ? (
        <p className="muted">{t("usage.log.empty")}</p>
      ) : (
        <section className="card">
          <LogTable rows={log} selectedTrace={trace} onSelect={setTrace} onOpenChat={openChat} />
          <div className="row center-row">
            {nextBefore !== null ? (
              <button disabled={loadingMore} onClick={() => void loadMore()} data-testid="load-more">
                {loadingMore ? t("usage.loading") : t("usage.log.loadMore")}
              </button>
            ) : (
              <span className="muted small">{t("usage.log.end")}</span>
            )}
          </div>
        </section>
      )}
    </>
  );
}
