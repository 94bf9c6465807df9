// Update statuses for tests, as the shell sends them.
import type { Error_Serialize, UpdateInfo_Serialize, UpdateStatus_Serialize } from "../bindings";

export function updateInfo(over: Partial<UpdateInfo_Serialize> = {}): UpdateInfo_Serialize {
  return { version: "1.2.0", current_version: "1.1.0", notes: "Faster start.\nFixes the tray menu.", date: "2025-03-04T10:00:00Z", ...over };
}

export const available = (over: Partial<UpdateInfo_Serialize> = {}): UpdateStatus_Serialize => ({ state: "available", update: updateInfo(over) });
export const downloading = (downloaded: number, total: number | null): UpdateStatus_Serialize => ({ state: "downloading", update: updateInfo(), downloaded, total });
export const ready = (over: Partial<UpdateInfo_Serialize> = {}): UpdateStatus_Serialize => ({ state: "ready", update: updateInfo(over) });
export const installing = (): UpdateStatus_Serialize => ({ state: "installing", update: updateInfo() });

export const signatureError: Error_Serialize = {
  code: "update_signature_invalid",
  message: "The update's signature does not match Switchyard's public key, so it was not installed. Nothing was changed.",
  category: "invalid_request",
  retriable: false,
  trace_id: null,
};
export const failed = (error: Error_Serialize = signatureError): UpdateStatus_Serialize => ({ state: "failed", error, update: updateInfo() });

/** An update-changed source whose listener a test calls as the shell would. */
export function fakeUpdateEvents() {
  let handler: ((e: { payload: UpdateStatus_Serialize }) => void) | null = null;
  return {
    source: {
      listen: (cb: (e: { payload: UpdateStatus_Serialize }) => void) => {
        handler = cb;
        return Promise.resolve(() => void (handler = null));
      },
    },
    listening: () => handler !== null,
    emit: (payload: UpdateStatus_Serialize) => handler?.({ payload }),
  };
}
