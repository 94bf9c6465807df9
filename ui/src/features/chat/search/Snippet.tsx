import type { SnippetPart } from "../../../bindings";

/** The text around a match, the matched words in <mark>; always text, never HTML. */
export function Snippet({ parts }: { parts: SnippetPart[] }) {
  return (
    <span className="search-snippet" data-testid="search-snippet">
      {parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </span>
  );
}
