// Export the open conversation: Markdown is the branch shown, for reading; JSON is every branch, for importing again.
import { commands, type ConversationFormat } from "../../bindings";
import { unwrap } from "../../lib/api";
import { ExportButtons, type ExportOption } from "../../lib/ExportButtons";

const CONVERSATION_EXPORTS: ExportOption<ConversationFormat>[] = [
  { format: "markdown", label: "chat.export.markdown", testId: "export-markdown" },
  { format: "json", label: "chat.export.json", testId: "export-json" },
];

export function ConversationExport({ conversationId }: { conversationId: string }) {
  return (
    <div className="conversation-export" data-testid="conversation-export">
      <ExportButtons options={CONVERSATION_EXPORTS} onExport={(format) => unwrap(commands.exportConversation(conversationId, format))} />
    </div>
  );
}
