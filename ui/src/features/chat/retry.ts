// What "Retry" on a failed answer sends: the question it answered, to the target it was sent to.
import type { ChatTarget } from "../../bindings";
import type { Message } from "./messages";

/**
 * The question before the answer, and where to send it: the target this window sent it to (a route stays that
 * route), else the provider and model the answer names, else `fallback` (the pane's current choice). Null when
 * the answer is not a failed one or has no question before it.
 */
export function retryOf(
  messages: Message[],
  answerId: string,
  sentTo: Record<string, ChatTarget>,
  fallback: ChatTarget | null,
): { text: string; target: ChatTarget } | null {
  const index = messages.findIndex((m) => m.id === answerId);
  const answer = messages[index];
  if (!answer || answer.role !== "assistant" || answer.status !== "error") return null;
  const question = messages.slice(0, index).reverse().find((m) => m.role === "user");
  if (!question) return null;
  const named: ChatTarget | null = answer.provider_id && answer.model ? { kind: "model", provider_id: answer.provider_id, model: answer.model } : null;
  const target = sentTo[answerId] ?? named ?? fallback;
  return target ? { text: question.content, target } : null;
}
