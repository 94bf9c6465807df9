import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { events, type Scope } from "../../bindings";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { toAppError, type AppError } from "../../lib/api";
import { listen } from "../../lib/listen";
import { useProviders } from "../../data/providers";
import { KeyLimits } from "./KeyLimits";
import { exampleModel, snippets } from "./snippets";
import { useGateway } from "./store";

function Copyable({ label, text }: { label: string; text: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className="snippet">
      <div className="row spread">
        <strong className="small">{label}</strong>
        <button
          className="link small"
          onClick={() => {
            void navigator.clipboard?.writeText(text);
            setCopied(true);
          }}
        >
          {copied ? t("gateway.copied") : t("gateway.copy")}
        </button>
      </div>
      <pre>{text}</pre>
    </div>
  );
}

export function GatewayCard() {
  const { t } = useTranslation();
  const { status, keys, fresh, load, configure, setStatus, createKey, revokeKey, setLimits, forgetFresh } = useGateway();
  const providers = useProviders((s) => s.providers);
  const [port, setPort] = useState("");
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(["chat", "models"]);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    load().catch((e) => setError(toAppError(e)));
  }, [load]);
  // A start or stop from the tray menu shows at once.
  useEffect(() => listen(events.gatewayChanged, setStatus, "gateway events"), [setStatus]);
  // Only when the port changes: an event must not wipe a port being typed.
  const savedPort = status?.port;
  useEffect(() => {
    if (savedPort !== undefined) setPort(String(savedPort));
  }, [savedPort]);

  const run = (action: () => Promise<void>) => {
    setError(null);
    action().catch((e) => setError(toAppError(e)));
  };
  if (!status) return error ? <ErrorBanner error={error} /> : null;
  const address = status.address ?? `http://127.0.0.1:${status.port}`;
  const examples = snippets(address, fresh?.secret, exampleModel(providers));

  return (
    <div className="card" data-testid="gateway-card">
      <h3>{t("gateway.title")}</h3>
      <p className="muted small">{t("gateway.intro")}</p>
      <div className="row">
        <label className="inline">
          <input
            type="checkbox"
            data-testid="gateway-enabled"
            checked={status.running || (!!status.error && status.port > 0)}
            onChange={(e) => run(() => configure(e.target.checked, Number(port) || status.port))}
          />
          {t("gateway.enabled")}
        </label>
        <label className="inline">
          {t("gateway.port")}
          <input className="port" value={port} onChange={(e) => setPort(e.target.value.replace(/\D/g, ""))} />
        </label>
        <button onClick={() => run(() => configure(true, Number(port)))} disabled={!port}>
          {t("gateway.apply")}
        </button>
      </div>
      <div data-testid="gateway-status" className={status.running ? "test-result ok" : "muted"}>
        {status.running ? t("gateway.running", { address }) : t("gateway.stopped")}
      </div>
      {status.error && <ErrorBanner error={toAppError(status.error)} />}

      <h4>{t("gateway.keys")}</h4>
      <p className="muted small">{t("gateway.keysIntro")}</p>
      <p className="muted small">{t("gateway.limits.hint")}</p>
      {fresh && (
        <div className="fresh-key" data-testid="fresh-key">
          <div>{t("gateway.freshKey")}</div>
          <code data-testid="fresh-key-secret">{fresh.secret}</code>
          <button className="link" onClick={forgetFresh}>
            {t("gateway.done")}
          </button>
        </div>
      )}
      <ul className="keys" data-testid="access-keys">
        {keys.map((k) => (
          <li key={k.id} data-testid="access-key">
            <div className="row spread">
              <span>
                <strong>{k.name}</strong> <code>{k.prefix}…</code> <span className="muted small">{k.scopes.join(", ")}</span>
              </span>
              {k.revoked_at ? (
                <span className="badge">{t("gateway.revoked")}</span>
              ) : (
                <button className="danger" onClick={() => run(() => revokeKey(k.id))}>
                  {t("gateway.revoke")}
                </button>
              )}
            </div>
            <KeyLimits limits={k.limits} editable={!k.revoked_at} onSave={(limits) => setLimits(k.id, limits)} />
          </li>
        ))}
      </ul>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          run(async () => {
            await createKey(name, scopes);
            setName("");
          });
        }}
      >
        <input data-testid="new-key-name" placeholder={t("gateway.keyName")} value={name} onChange={(e) => setName(e.target.value)} />
        {(["chat", "models"] as Scope[]).map((s) => (
          <label key={s} className="inline">
            <input
              type="checkbox"
              checked={scopes.includes(s)}
              onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
            />
            {t(`gateway.scope.${s}`)}
          </label>
        ))}
        <button type="submit" className="primary" disabled={!name.trim() || scopes.length === 0} data-testid="create-key">
          {t("gateway.createKey")}
        </button>
      </form>
      {error && <ErrorBanner error={error} />}

      <h4>{t("gateway.snippets")}</h4>
      <Copyable label="OpenAI SDK (Python)" text={examples.openai} />
      <Copyable label="Anthropic SDK (Python)" text={examples.anthropic} />
      <Copyable label="Claude Code" text={examples.claudeCode} />
      <Copyable label="curl" text={examples.curl} />
    </div>
  );
}
