// One listener on the core's broadcast event, fanned out to whoever subscribes (usage screen, budget banner).
import { events, type CoreEvent } from "../bindings";

type Handler = (event: CoreEvent) => void;
type Source = { listen: (cb: (e: { payload: CoreEvent }) => void) => Promise<() => void> };

const handlers = new Set<Handler>();

export function onCoreEvent(handler: Handler): () => void {
  handlers.add(handler);
  return () => void handlers.delete(handler);
}

export function dispatchCoreEvent(event: CoreEvent) {
  for (const handler of [...handlers]) handler(event);
}

/** Starts listening; outside the Tauri window (tests, a plain browser) there is nothing to listen to. */
export async function startCoreEvents(source: Source = events.coreEvent): Promise<() => void> {
  try {
    return await source.listen((e) => dispatchCoreEvent(e.payload));
  } catch (e) {
    console.warn("core events unavailable", e);
    return () => {};
  }
}
