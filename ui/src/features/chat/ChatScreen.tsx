import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { useProviders } from "../providers/store";
import { useSettings } from "../settings/store";
import { Composer } from "./Composer";
import { ConversationList } from "./ConversationList";
import { MessageView } from "./MessageView";
import { preferredModel } from "./messages";
import { useChat } from "./store";

export function ChatScreen({ onOpenProviders }: { onOpenProviders: () => void }) {
  const { t } = useTranslation();
  const { messages, streaming, activeId, error, send, stop, dismissError, loadConversations } = useChat();
  const providers = useProviders((s) => s.providers);
  const { settings, update } = useSettings();
  const [providerId, setProviderId] = useState<string>("");
  const [model, setModel] = useState("");
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => void loadConversations(), [loadConversations]);

  // Preselect the last provider and model used, once both are known.
  useEffect(() => {
    if (providerId && providers.some((p) => p.id === providerId)) return;
    const last = providers.find((p) => p.id === settings?.last_provider_id) ?? providers[0];
    if (!last) return;
    setProviderId(last.id);
    setModel(preferredModel(last, { providerId: settings?.last_provider_id ?? null, model: settings?.last_model ?? null }));
  }, [providers, settings, providerId]);

  useEffect(() => bottom.current?.scrollIntoView({ block: "end" }), [messages]);

  const provider = useMemo(() => providers.find((p) => p.id === providerId), [providers, providerId]);
  const busy = streaming !== null;

  if (providers.length === 0) {
    return (
      <div className="empty-state" data-testid="need-provider">
        <p>{t("chat.needProvider")}</p>
        <button className="primary" onClick={onOpenProviders}>
          {t("chat.goToProviders")}
        </button>
      </div>
    );
  }

  return (
    <div className="chat">
      <ConversationList />
      <section className="pane">
        <div className="pane-toolbar">
          <label>
            {t("chat.provider")}
            <select
              data-testid="provider-select"
              value={providerId}
              onChange={(e) => {
                const next = providers.find((p) => p.id === e.target.value);
                setProviderId(e.target.value);
                setModel(preferredModel(next, { providerId: null, model: null }));
              }}
            >
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("chat.model")}
            <input data-testid="model-input" list="model-options" value={model} onChange={(e) => setModel(e.target.value)} />
            <datalist id="model-options">
              {provider?.models.map((m) => <option key={m} value={m} />)}
            </datalist>
          </label>
        </div>
        <div className="messages" data-testid="messages">
          {activeId && messages.length === 0 && <p className="muted center">{t("chat.emptyConversation")}</p>}
          {messages.map((m) => (
            <MessageView key={m.id} message={m} />
          ))}
          <div ref={bottom} />
        </div>
        {error && <ErrorBanner error={error} onDismiss={dismissError} />}
        <Composer
          model={model}
          busy={busy}
          disabled={!providerId || !model.trim()}
          onStop={() => void stop()}
          onSend={(text) => {
            void update({ last_provider_id: providerId, last_model: model.trim() });
            void send(providerId, model.trim(), text);
          }}
        />
      </section>
    </div>
  );
}
