import { useTranslation } from "react-i18next";
import { ListEditor, VarField } from "../../panels/fields";
import type { PanelProps } from "../types";

export function AggregatePanel({ config, onChange }: PanelProps<"aggregate">) {
  const { t } = useTranslation();
  return (
    <>
      <p className="hint">{t("workflows.aggregate.hint")}</p>
      <ListEditor<string>
        items={config.variables}
        testId="wf-aggregate-vars"
        addLabel={t("workflows.aggregate.add")}
        make={() => ""}
        onChange={(variables) => onChange({ ...config, variables }, "variables")}
        render={(v, set, i) => <VarField label={t("workflows.aggregate.variable", { n: i + 1 })} value={v} onChange={set} />}
      />
    </>
  );
}
