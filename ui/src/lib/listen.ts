// Listens to one of the core's events for as long as a component or watcher lives. Outside the Tauri window (tests,
// a plain browser) there is nothing to listen to: that is logged, not thrown.

export type Source<T> = { listen: (cb: (e: { payload: T }) => void) => Promise<() => void> };

/** Calls `handler` with each payload until the returned function is called (also before listening has started);
 * `ready` runs once listening has started, so a load made then misses no event. */
export function listen<T>(source: Source<T>, handler: (payload: T) => void, what = "events", ready?: () => void): () => void {
  let stopped = false;
  const pending = Promise.resolve()
    .then(() => source.listen((e) => !stopped && handler(e.payload)))
    .then((stop) => {
      if (!stopped) ready?.();
      return stop;
    })
    .catch((e) => {
      console.warn(`${what} unavailable`, e);
      return () => {};
    });
  return () => {
    stopped = true;
    void pending.then((stop) => stop());
  };
}
