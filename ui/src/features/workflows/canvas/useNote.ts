// A line over the canvas for a moment: why a connection was refused, how many a move removed.
import { useCallback, useEffect, useRef, useState } from "react";

const NOTE_MS = 3000;

export function useNote(): [note: string | null, show: (text: string) => void] {
  const [note, setNote] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const show = useCallback((text: string) => {
    setNote(text);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setNote(null), NOTE_MS);
  }, []);
  return [note, show];
}
