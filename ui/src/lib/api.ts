// Unwraps the typed results of the generated commands: ok → data, error → a thrown AppError.
import type { Error_Serialize } from "../bindings";

export type AppError = Error_Serialize;

export class CommandError extends Error {
  readonly detail: AppError;
  constructor(detail: AppError) {
    super(`${detail.code}: ${detail.message}`);
    this.detail = detail;
  }
}

/** What a generated command resolves with. */
export type Typed<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

export async function unwrap<T>(pending: Promise<Typed<T>>): Promise<T> {
  const result = await pending;
  if (result.status === "error") throw new CommandError(result.error);
  return result.data;
}

/** Any thrown value as an AppError, so the UI can always show code, message and trace id. */
export function toAppError(e: unknown): AppError {
  if (e instanceof CommandError) return e.detail;
  if (e && typeof e === "object" && "code" in e && "message" in e) return e as AppError;
  return {
    code: "ui_error",
    message: e instanceof Error ? e.message : String(e),
    category: "internal",
    retriable: false,
    trace_id: null,
  };
}
