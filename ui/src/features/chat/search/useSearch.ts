// Searching every conversation as the person types: one call once typing pauses, and only the answer to the
// latest query is ever shown (an older one that arrives late is dropped).
import { useEffect, useRef, useState } from "react";
import { commands, type SearchHit } from "../../../bindings";
import { toAppError, unwrap, type AppError } from "../../../lib/api";

export const SEARCH_DELAY_MS = 200;
export const SEARCH_LIMIT = 50;

export type SearchState =
  | { status: "idle" }
  /** `hits`: the previous answer, kept on screen until the new one comes. */
  | { status: "loading"; hits: SearchHit[] }
  | { status: "done"; query: string; hits: SearchHit[] }
  | { status: "error"; error: AppError };

export function useSearch(query: string, delayMs = SEARCH_DELAY_MS): SearchState {
  const [state, setState] = useState<SearchState>({ status: "idle" });
  const latest = useRef(0);
  useEffect(() => {
    const ask = ++latest.current;
    const q = query.trim();
    // The core refuses an empty query (search_query_required): there is nothing to ask.
    if (!q) {
      setState({ status: "idle" });
      return;
    }
    setState((s) => ({ status: "loading", hits: "hits" in s ? s.hits : [] }));
    const timer = setTimeout(() => {
      unwrap(commands.searchMessages(q, SEARCH_LIMIT)).then(
        (hits) => latest.current === ask && setState({ status: "done", query: q, hits }),
        (e) => latest.current === ask && setState({ status: "error", error: toAppError(e) }),
      );
    }, delayMs);
    return () => clearTimeout(timer);
  }, [query, delayMs]);
  return state;
}
