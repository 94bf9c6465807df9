import { useRef, type HTMLAttributes } from "react";
import type { ExtraProps } from "react-markdown";
import { CopyButton } from "../../lib/CopyButton";

type Element = NonNullable<ExtraProps["node"]>;

/** The language a fenced block names (```rust → "rust"), from the code element's class. */
export function codeLanguage(pre: Element | undefined): string | null {
  const code = pre?.children.find((c): c is Element => c.type === "element" && c.tagName === "code");
  const classes = code?.properties.className;
  const named = Array.isArray(classes) ? classes.map(String).find((c) => c.startsWith("language-")) : undefined;
  return named ? named.slice("language-".length) : null;
}

/** A code block in an answer: its language, a copy button, and the (highlighted) code. */
export function CodeBlock({ node, children, ...rest }: HTMLAttributes<HTMLPreElement> & ExtraProps) {
  const pre = useRef<HTMLPreElement>(null);
  const language = codeLanguage(node);
  return (
    <div className="code-block" data-testid="code-block">
      <div className="code-block-bar">
        <span className="code-language">{language}</span>
        <CopyButton text={() => pre.current?.textContent ?? ""} testId="code-copy" />
      </div>
      <pre ref={pre} {...rest}>
        {children}
      </pre>
    </div>
  );
}
