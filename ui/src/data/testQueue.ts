// Queue items and statuses for the tests of the screens that show them.
import type { ProviderReach, QueueItem, QueueStatus } from "./queue";

export const NOW = 1_700_000_000_000;

export const queueItem = (over: Partial<QueueItem> = {}): QueueItem => ({
  id: "item-1", conversation_id: "c1", conversation_title: "Trip to Lisbon", pane_id: "main", user_message_id: "q1", answer_message_id: "a1",
  text: "hello", target: { kind: "model", provider_id: "p1", model: "deepseek-chat" }, state: "queued", position: 1, attempts: 0,
  last_error: null, next_attempt_at: 0, created_at: NOW - 90_000, bytes: 5, ...over,
});

export const reach = (over: Partial<ProviderReach> = {}): ProviderReach => ({
  provider_id: "p1", state: "online", last_error: null, checked_at: NOW, next_probe_at: null, ...over,
});

export const queueStatus = (items: QueueItem[], over: Partial<QueueStatus> = {}): QueueStatus => ({
  items, providers: [reach()], network_up: true, max_items: 100, max_kb: 4096, ...over,
});

export const provider = {
  id: "p1", name: "DeepSeek", preset: "deepseek", base_url: "https://api.deepseek.com", has_key: true, extra_headers: [],
  default_model: "deepseek-chat", models: [], created_at: 1, updated_at: 1,
};
