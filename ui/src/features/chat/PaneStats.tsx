// A compare pane's figures for its last answer — time to first token, total time, tokens, cost — so panes can be
// read against each other at a glance. While an answer arrives: that it is arriving.
import { useTranslation } from "react-i18next";
import { describeCost } from "../../lib/money";
import type { Message } from "./messages";

/** The figures of the pane's last answer, or null before it has one. */
export function lastAnswerStats(messages: Message[]) {
  const answer = [...messages].reverse().find((m) => m.role === "assistant");
  if (!answer) return null;
  if (answer.status === "streaming" || answer.status === "queued") return { arriving: true as const };
  return {
    arriving: false as const,
    ttftMs: answer.ttft_ms,
    latencyMs: answer.latency_ms,
    tokens: answer.usage.output_tokens,
    estimated: answer.usage.estimated,
    cost: answer.trace_id ? describeCost(answer.cost) : null,
  };
}

export function PaneStats({ messages }: { messages: Message[] }) {
  const { t } = useTranslation();
  const stats = lastAnswerStats(messages);
  if (!stats) return null;
  if (stats.arriving) {
    return (
      <span className="pane-stats muted" data-testid="pane-stats" data-state="arriving">
        {t("chat.compare.arriving")}
      </span>
    );
  }
  const parts = [
    stats.ttftMs != null && t("chat.compare.ttft", { ms: stats.ttftMs }),
    stats.latencyMs != null && t("chat.compare.total", { ms: stats.latencyMs }),
    t("chat.compare.tokens", { count: stats.tokens, approx: stats.estimated ? "≈ " : "" }),
    stats.cost && (stats.cost.kind === "priced" ? stats.cost.text : t(`chat.cost.${stats.cost.kind}`)),
  ].filter(Boolean);
  return (
    <span className="pane-stats" data-testid="pane-stats" data-state="ended">
      {parts.join(" · ")}
    </span>
  );
}
