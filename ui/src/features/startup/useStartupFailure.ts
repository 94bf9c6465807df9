import { useEffect, useState } from "react";
import { commands } from "../../bindings";
import type { AppError } from "../../lib/api";

/**
 * Why the app could not open its data, asked before anything else: "checking" until the shell answers, then the
 * error or null. Outside the Tauri window there is no shell to ask; the app then starts as usual.
 */
export function useStartupFailure(): AppError | null | "checking" {
  const [failure, setFailure] = useState<AppError | null | "checking">("checking");
  useEffect(() => {
    let live = true;
    Promise.resolve()
      .then(() => commands.startupFailure())
      .then(
        (e) => live && setFailure(e ?? null),
        (e) => {
          console.warn("startup failure unknown", e);
          if (live) setFailure(null);
        },
      );
    return () => {
      live = false;
    };
  }, []);
  return failure;
}
