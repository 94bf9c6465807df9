import { useTranslation } from "react-i18next";
import type { UsageTotals } from "../../bindings";
import { formatDuration, formatHitRatio } from "../../lib/cache";
import { formatUsd } from "../../lib/money";
import { formatCount } from "./format";

/** Spend never folds unpriced calls into $0: they are counted beside it. */
export function TotalsCards({ totals, onSetPrices }: { totals: UsageTotals; onSetPrices: () => void }) {
  const { t } = useTranslation();
  const tokens = totals.input_tokens + totals.output_tokens;
  const cache = totals.cache ?? { hits: 0, misses: 0, saved_cost_usd_micros: 0, saved_latency_ms: 0 };
  const cached = totals.cached ?? cache.hits;
  const lookups = cache.hits + cache.misses;
  return (
    <div className="totals" data-testid="usage-totals">
      <div className="total">
        <span className="total-label">{t("usage.totals.spend")}</span>
        <strong data-testid="total-spend">{formatUsd(totals.cost_usd_micros)}</strong>
        {totals.unpriced_requests > 0 && (
          <button className="link total-note warn" data-testid="total-unpriced" title={t("usage.totals.unpricedHint")} onClick={onSetPrices}>
            {t("usage.totals.unpriced", { count: totals.unpriced_requests })} · {t("usage.totals.setPrices")}
          </button>
        )}
      </div>
      <div className="total">
        <span className="total-label">{t("usage.totals.requests")}</span>
        <strong>{formatCount(totals.requests)}</strong>
        <span className="total-note">
          {cached > 0
            ? t("usage.totals.okCancelledCached", { ok: formatCount(totals.ok), cached: formatCount(cached), cancelled: formatCount(totals.cancelled) })
            : t("usage.totals.okCancelled", { ok: formatCount(totals.ok), cancelled: formatCount(totals.cancelled) })}
        </span>
      </div>
      <div className="total">
        <span className="total-label">{t("usage.totals.errors")}</span>
        <strong className={totals.errors > 0 ? "danger-text" : ""}>{formatCount(totals.errors)}</strong>
        {totals.requests > 0 && <span className="total-note">{t("usage.totals.errorRate", { percent: ((totals.errors * 100) / totals.requests).toFixed(1) })}</span>}
      </div>
      <div className="total" data-testid="total-cache">
        <span className="total-label">{t("usage.totals.cacheHits")}</span>
        <strong data-testid="total-cache-ratio">{formatHitRatio(cache)}</strong>
        <span className="total-note">
          {lookups > 0 ? t("usage.totals.cacheHitsNote", { hits: formatCount(cache.hits), lookups: formatCount(lookups) }) : t("usage.totals.cacheNoLookups")}
        </span>
        {cache.hits > 0 && (
          <span className="total-note ok-text" title={t("usage.totals.cacheSavedHint")} data-testid="total-cache-saved">
            {t("usage.totals.cacheSavedNote", { cost: formatUsd(cache.saved_cost_usd_micros), time: formatDuration(cache.saved_latency_ms, t) })}
          </span>
        )}
      </div>
      <div className="total">
        <span className="total-label">{t("usage.totals.tokens")}</span>
        <strong>{formatCount(tokens)}</strong>
        <span className="total-note">
          {t("usage.totals.tokenSplit", { input: formatCount(totals.input_tokens), output: formatCount(totals.output_tokens), cached: formatCount(totals.cache_read_tokens) })}
        </span>
      </div>
    </div>
  );
}
