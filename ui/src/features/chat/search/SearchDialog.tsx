// Search across every conversation (Ctrl/⌘+K, or the button over the conversation list): type, move with ↑/↓,
// Enter or a click opens the conversation at the message, Esc closes.
import { useEffect, useId, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { SearchHit } from "../../../bindings";
import { toAppError, type AppError } from "../../../lib/api";
import { Dialog } from "../../../lib/Dialog";
import { ErrorBanner } from "../../../lib/ErrorBanner";
import { composing } from "../../../lib/shortcutKeys";
import { useOverlays } from "../../../data/overlays";
import { openHit } from "./openHit";
import { SearchResult } from "./SearchResult";
import { useSearch } from "./useSearch";
import "./search.css";

export function SearchDialog() {
  const open = useOverlays((s) => s.open === "search");
  return open ? <SearchBox /> : null;
}

function SearchBox() {
  const { t } = useTranslation();
  const close = useOverlays((s) => s.close);
  const [query, setQuery] = useState("");
  const state = useSearch(query);
  const hits = state.status === "done" || state.status === "loading" ? state.hits : [];
  const [selected, setSelected] = useState(0);
  const [openError, setOpenError] = useState<AppError | null>(null);
  const listId = useId();
  useEffect(() => setSelected(0), [hits]);

  const choose = async (hit: SearchHit | undefined) => {
    if (!hit) return;
    setOpenError(null);
    try {
      await openHit(hit);
      close();
    } catch (e) {
      setOpenError(toAppError(e));
    }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (composing(e.nativeEvent)) {
      // Esc first cancels the input method's word, not the dialog.
      if (e.key === "Escape") e.stopPropagation();
      return;
    }
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setSelected((i) => Math.max(0, Math.min(hits.length - 1, i + step)));
    } else if (e.key === "Enter") {
      e.preventDefault();
      void choose(hits[selected]);
    }
  };

  return (
    <Dialog title={t("search.title")} onClose={close} testId="search-dialog" wide>
      <input
        autoFocus
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKeyDown}
        placeholder={t("search.placeholder")}
        aria-label={t("search.placeholder")}
        aria-controls={listId}
        aria-activedescendant={hits.length ? `${listId}-${selected}` : undefined}
        data-testid="search-input"
      />
      {state.status === "idle" && (
        <p className="muted" data-testid="search-hint">
          {t("search.hint")}
        </p>
      )}
      {state.status === "loading" && hits.length === 0 && (
        <p className="muted" data-testid="search-loading">
          {t("search.searching")}
        </p>
      )}
      {state.status === "done" && hits.length === 0 && (
        <p className="muted" data-testid="search-no-results">
          {t("search.noResults", { query: state.query })}
        </p>
      )}
      {state.status === "error" && <ErrorBanner error={state.error} />}
      {openError && <ErrorBanner error={openError} onDismiss={() => setOpenError(null)} />}
      {hits.length > 0 && (
        <ul className="search-results" role="listbox" id={listId} aria-label={t("search.results")} data-testid="search-results">
          {hits.map((hit, i) => (
            <SearchResult
              key={hit.message_id}
              id={`${listId}-${i}`}
              hit={hit}
              selected={i === selected}
              onSelect={() => setSelected(i)}
              onOpen={() => void choose(hit)}
            />
          ))}
        </ul>
      )}
      <p className="muted small search-keys">{t("search.keys")}</p>
    </Dialog>
  );
}
