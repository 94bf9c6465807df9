// What "Retry" (a failed answer) and "Regenerate" (any ended answer) ask: the question it answered, again, to the
// target it was sent to. The core keeps the new answer beside the old one.
import type { ChatTarget } from "../../bindings";
import type { Message } from "./messages";

const ended = (m: Message) => m.status !== "streaming" && m.status !== "queued";

/** The target a turn goes to again: this window's own record, else the conversation's, else the pane's choice. */
export function targetOf(answer: Message | undefined, sentTo: Record<string, ChatTarget>, conversation: ChatTarget | null, fallback: ChatTarget | null): ChatTarget | null {
  const named: ChatTarget | null = answer?.provider_id && answer.model ? { kind: "model", provider_id: answer.provider_id, model: answer.model } : null;
  return (answer && sentTo[answer.id]) ?? conversation ?? named ?? fallback;
}

/**
 * The question before the answer, and where to send it again: the target this window sent it to (a route stays that
 * route), else what the conversation was last sent to, else the provider and model the answer names, else
 * `fallback` (the pane's current choice). Null when the answer has not ended or has no question before it.
 */
export function askAgainOf(
  messages: Message[],
  answerId: string,
  sentTo: Record<string, ChatTarget>,
  conversation: ChatTarget | null,
  fallback: ChatTarget | null,
): { questionId: string; target: ChatTarget } | null {
  const index = messages.findIndex((m) => m.id === answerId);
  const answer = messages[index];
  if (!answer || answer.role !== "assistant" || !ended(answer)) return null;
  const question = messages.slice(0, index).reverse().find((m) => m.role === "user");
  if (!question) return null;
  const target = targetOf(answer, sentTo, conversation, fallback);
  return target ? { questionId: question.id, target } : null;
}

/** What the list shows while a turn goes again: the branch up to its question (regenerate) or before it (edit). */
export function branchBefore(messages: Message[], questionId: string, keepQuestion: boolean): Message[] {
  const index = messages.findIndex((m) => m.id === questionId);
  return index < 0 ? messages : messages.slice(0, keepQuestion ? index + 1 : index);
}
