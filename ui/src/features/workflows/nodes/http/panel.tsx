import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { HTTP_METHODS, type Header, type HttpMethod } from "../../../../data/workflows";
import { CheckField, ListEditor, NumberField, Section, SelectField, TemplateField, TextField } from "../../panels/fields";
import { useSecrets } from "../../secretsStore";
import type { PanelProps } from "../types";
import { WITH_BODY } from "./defaults";

export function HttpPanel({ config, onChange }: PanelProps<"http">) {
  const { t } = useTranslation();
  const secrets = useSecrets((s) => s.names);
  const loaded = useSecrets((s) => s.loaded);
  const load = useSecrets((s) => s.load);
  useEffect(() => {
    if (!loaded) load().catch(() => {});
  }, [loaded, load]);
  return (
    <>
      <div className="wf-pair">
        <SelectField<HttpMethod> label={t("workflows.http.method")} value={config.method} options={HTTP_METHODS.map((m) => ({ value: m, label: m }))} onChange={(method) => onChange({ ...config, method }, "method")} />
        <NumberField label={t("workflows.http.timeout")} value={config.timeout_ms} min={1} step={1000} onChange={(v) => onChange({ ...config, timeout_ms: v ?? 0 }, "timeout_ms")} />
      </div>
      <TemplateField label={t("workflows.http.url")} rows={1} value={config.url} placeholder="https://api.example.com/items/{{start.id}}" onChange={(url) => onChange({ ...config, url }, "url")} testId="wf-http-url" />
      <Section title={t("workflows.http.headers")}>
        <ListEditor<Header>
          items={config.headers}
          testId="wf-http-headers"
          addLabel={t("workflows.http.addHeader")}
          make={() => ({ name: "", value: "", secret: false })}
          onChange={(headers) => onChange({ ...config, headers }, "headers")}
          render={(h, set) => (
            <>
              <TextField label={t("workflows.http.headerName")} value={h.name} placeholder="Authorization" onChange={(name) => set({ ...h, name })} />
              <CheckField label={t("workflows.http.fromSecret")} value={h.secret} onChange={(secret) => set({ ...h, secret, value: "" })} />
              {h.secret ? (
                <SelectField<string>
                  label={t("workflows.http.secret")}
                  value={h.value}
                  options={[{ value: "", label: secrets.length ? t("workflows.http.pickSecret") : t("workflows.http.noSecrets") }, ...secrets.map((s) => ({ value: s, label: s }))]}
                  onChange={(value) => set({ ...h, value })}
                />
              ) : (
                <TemplateField label={t("workflows.http.headerValue")} rows={1} value={h.value} onChange={(value) => set({ ...h, value })} />
              )}
            </>
          )}
        />
        <p className="hint">{t("workflows.http.secretHint")}</p>
      </Section>
      {WITH_BODY.has(config.method) && <TemplateField label={t("workflows.http.body")} rows={5} value={config.body} onChange={(body) => onChange({ ...config, body }, "body")} testId="wf-http-body" />}
    </>
  );
}
