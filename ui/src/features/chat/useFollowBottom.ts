// A message list that follows a streaming answer only while the person is at its end: scrolling up to read leaves
// the view where it is; scrolling back down (or "jump to latest") follows again.
import { useCallback, useRef, useState, type RefObject } from "react";

/** How close to the end still counts as at the end (rounding, a last wheel step), in pixels. */
export const BOTTOM_SLACK = 16;

type Scroller = { scrollTop: number; scrollHeight: number; clientHeight: number };

export function isAtBottom(el: Scroller, slack = BOTTOM_SLACK): boolean {
  return el.scrollHeight - el.scrollTop - el.clientHeight <= slack;
}

export function useFollowBottom(ref: RefObject<HTMLElement | null>) {
  const following = useRef(true);
  const [atBottom, setAtBottom] = useState(true);

  const mark = useCallback((at: boolean) => {
    following.current = at;
    setAtBottom(at);
  }, []);

  /** The list's onScroll: the person's own scrolling decides whether to follow. */
  const onScroll = useCallback(() => {
    if (ref.current) mark(isAtBottom(ref.current));
  }, [ref, mark]);

  /** Scrolls to the end and follows from now on ("jump to latest", a new message sent, another conversation). */
  const toBottom = useCallback(() => {
    mark(true);
    if (ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [ref, mark]);

  /** After the content grew: keeps the end in view, only while following. */
  const keep = useCallback(() => {
    if (following.current && ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [ref]);

  return { atBottom, onScroll, toBottom, keep };
}
