import type { AnchorHTMLAttributes, MouseEvent } from "react";
import { openExternal, openableUrl } from "../../lib/externalLink";

type Props = AnchorHTMLAttributes<HTMLAnchorElement> & { node?: unknown };

/** A link in a rendered answer: clicking it never navigates the webview; http(s) and mailto open in the browser. */
export function MessageLink({ node: _node, href, children, ...rest }: Props) {
  const follow = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    void openExternal(href);
  };
  return (
    <a
      {...rest}
      href={href}
      title={openableUrl(href) ?? undefined}
      rel="noreferrer noopener"
      data-testid="message-link"
      onClick={follow}
      onAuxClick={follow}
    >
      {children}
    </a>
  );
}
