import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { CodeBlock } from "./CodeBlock";
import { highlightPlugin } from "./highlight";
import { MessageLink } from "./MessageLink";

const components: Components = { a: MessageLink, pre: CodeBlock };
const remarkPlugins = [remarkGfm];
const rehypePlugins = [highlightPlugin];

/** An answer's text, rendered as Markdown (GitHub flavour): links open outside the app, code is highlighted. */
export function MarkdownBody({ text }: { text: string }) {
  return (
    <Markdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
      {text}
    </Markdown>
  );
}
