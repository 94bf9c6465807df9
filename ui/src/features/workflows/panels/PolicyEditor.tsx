// Retries, timeout and what happens on failure, for the kinds that can fail.
import { useTranslation } from "react-i18next";
import { ON_ERROR, RETRY_ON, type NodePolicy, type OnError } from "../../../data/workflows";
import { NumberField, Section, SelectField } from "./fields";

export function PolicyEditor({ policy, onChange }: { policy: NodePolicy; onChange: (p: NodePolicy) => void }) {
  const { t } = useTranslation();
  const { retry } = policy;
  return (
    <Section title={t("workflows.policy.title")}>
      <div className="wf-pair">
        <NumberField label={t("workflows.policy.retries")} value={retry.max_retries} min={0} max={10} step={1} onChange={(v) => onChange({ ...policy, retry: { ...retry, max_retries: Math.max(0, Math.round(v ?? 0)) } })} testId="wf-policy-retries" />
        <NumberField label={t("workflows.policy.backoff")} value={retry.backoff_ms} min={0} step={100} onChange={(v) => onChange({ ...policy, retry: { ...retry, backoff_ms: Math.max(0, Math.round(v ?? 0)) } })} />
      </div>
      {retry.max_retries > 0 && (
        <div className="wf-checks">
          <span className="hint">{t("workflows.policy.retryOn")}</span>
          {RETRY_ON.map((r) => (
            <label key={r} className="inline">
              <input
                type="checkbox"
                checked={retry.on.includes(r)}
                onChange={(e) => onChange({ ...policy, retry: { ...retry, on: e.target.checked ? RETRY_ON.filter((x) => x === r || retry.on.includes(x)) : retry.on.filter((x) => x !== r) } })}
              />{" "}
              {t(`workflows.retryOn.${r}`)}
            </label>
          ))}
        </div>
      )}
      <NumberField label={t("workflows.policy.timeout")} value={policy.timeout_ms} min={1} step={1000} placeholder={t("workflows.policy.noTimeout")} onChange={(v) => onChange({ ...policy, timeout_ms: v === null || v <= 0 ? null : Math.round(v) })} />
      <SelectField<OnError> label={t("workflows.policy.onError")} value={policy.on_error} options={ON_ERROR.map((o) => ({ value: o, label: t(`workflows.onError.${o}`) }))} onChange={(on_error) => onChange({ ...policy, on_error })} testId="wf-policy-on-error" />
      <p className="hint">{t(`workflows.onErrorHint.${policy.on_error}`)}</p>
    </Section>
  );
}
