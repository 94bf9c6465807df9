import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Settings_Serialize } from "../../bindings";
import { toAppError, type AppError } from "../../lib/api";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { parseWhole } from "./queueSettings";

type Props = { settings: Settings_Serialize; onSave: (patch: Partial<Settings_Serialize>) => Promise<void> };

/** The range the core accepts (crates/core/src/settings.rs); outside it it answers invalid_workflow_parallelism. */
export const PARALLELISM = { min: 1, max: 64 } as const;

/** A whole number in range as typed, or null. */
export function parseParallelism(text: string): number | null {
  const n = parseWhole(text);
  return n !== null && n >= PARALLELISM.min && n <= PARALLELISM.max ? n : null;
}

/** How many nodes of one workflow run may run at once. */
export function WorkflowSettingsCard({ settings, onSave }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(String(settings.workflow_parallelism));
  const [bad, setBad] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  // Reset only when the saved value changes: another card's save must not wipe what is typed here.
  const saved_value = settings.workflow_parallelism;
  useEffect(() => setText(String(saved_value)), [saved_value]);

  const save = async () => {
    const n = parseParallelism(text);
    setBad(n === null);
    if (n === null) return;
    try {
      await onSave({ workflow_parallelism: n });
      setSaved(true);
      setError(null);
    } catch (e) {
      const err = toAppError(e);
      setBad(err.code === "invalid_workflow_parallelism");
      setError(err);
    }
  };

  return (
    <div className="card" data-testid="workflow-settings">
      <h3>{t("settings.workflows.title")}</h3>
      <p className="hint">{t("settings.workflows.intro")}</p>
      <label className="narrow-label">
        {t("settings.workflows.parallelism")}
        <input
          className={`port ${bad ? "invalid" : ""}`}
          inputMode="numeric"
          value={text}
          onChange={(e) => {
            setSaved(false);
            setText(e.target.value);
          }}
          aria-invalid={bad}
          data-testid="workflow-parallelism"
        />
        {bad && <span className="field-error">{t("settings.workflows.bad", PARALLELISM)}</span>}
      </label>
      <div className="row">
        <button className="primary" onClick={() => void save()} data-testid="save-workflow-settings">
          {t("settings.workflows.save")}
        </button>
        {saved && <span className="test-result ok">{t("providers.saved")}</span>}
      </div>
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
    </div>
  );
}
