import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { MessageLink } from "./MessageLink";

const components: Components = { a: MessageLink };

/** An answer's text, rendered as Markdown (GitHub flavour), with links that open outside the app. */
export function MarkdownBody({ text }: { text: string }) {
  return (
    <Markdown remarkPlugins={[remarkGfm]} components={components}>
      {text}
    </Markdown>
  );
}
