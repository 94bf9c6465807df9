import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { SearchHit } from "../../../bindings";
import { Snippet } from "./Snippet";

type Props = { hit: SearchHit; id: string; selected: boolean; onSelect: () => void; onOpen: () => void };

/** One message found: its conversation, who wrote it and when, and the words it matched. */
export function SearchResult({ hit, id, selected, onSelect, onOpen }: Props) {
  const { t, i18n } = useTranslation();
  const row = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (selected) row.current?.scrollIntoView?.({ block: "nearest" });
  }, [selected]);
  const at = new Date(hit.created_at);
  return (
    <li
      ref={row}
      id={id}
      role="option"
      aria-selected={selected}
      className={`search-result ${selected ? "selected" : ""}`}
      data-testid="search-result"
      data-message-id={hit.message_id}
      onMouseMove={() => !selected && onSelect()}
      onClick={onOpen}
    >
      <div className="search-result-head">
        <strong className="search-result-title" data-testid="search-result-title">
          {hit.conversation_title}
        </strong>
        <span className="search-result-role" data-testid="search-result-role">
          {hit.role === "user" ? t("chat.you") : t("chat.assistant")}
        </span>
        <time dateTime={at.toISOString()} data-testid="search-result-date">
          {new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" }).format(at)}
        </time>
      </div>
      <Snippet parts={hit.snippet} />
    </li>
  );
}
