import { useTranslation } from "react-i18next";
import { COMPARE_OPS, type Branch, type CompareOp, type Comparison } from "../../../../data/workflows";
import { ListEditor, Section, SelectField, TemplateField, VarField } from "../../panels/fields";
import type { PanelProps } from "../types";
import { newBranch, UNARY } from "./defaults";

export function ConditionPanel({ config, onChange }: PanelProps<"condition">) {
  const { t } = useTranslation();
  const ops = COMPARE_OPS.map((op) => ({ value: op, label: t(`workflows.op.${op}`) }));
  const setBranch = (i: number, b: Branch, field: string) => onChange({ ...config, branches: config.branches.map((x, j) => (j === i ? b : x)) }, `${config.branches[i].id}.${field}`);
  return (
    <>
      <p className="hint">{t("workflows.condition.hint")}</p>
      {config.branches.map((b, i) => (
        <Section key={b.id} title={i === 0 ? t("workflows.condition.if", { id: b.id }) : t("workflows.condition.elseIf", { id: b.id })}>
          <SelectField<"all" | "any">
            label={t("workflows.condition.match")}
            value={b.all ? "all" : "any"}
            options={[
              { value: "all", label: t("workflows.condition.all") },
              { value: "any", label: t("workflows.condition.any") },
            ]}
            onChange={(v) => setBranch(i, { ...b, all: v === "all" }, "all")}
          />
          <ListEditor<Comparison>
            items={b.when}
            testId={`wf-branch-${b.id}`}
            addLabel={t("workflows.condition.addComparison")}
            make={() => ({ left: "", op: "equals", right: "" })}
            onChange={(when) => setBranch(i, { ...b, when }, "when")}
            render={(w, set) => (
              <>
                <VarField label={t("workflows.condition.left")} value={w.left} onChange={(left) => set({ ...w, left })} />
                <SelectField<CompareOp> label={t("workflows.condition.op")} value={w.op} options={ops} onChange={(op) => set({ ...w, op })} />
                {!UNARY.has(w.op) && <TemplateField label={t("workflows.condition.right")} rows={1} value={w.right} onChange={(right) => set({ ...w, right })} />}
              </>
            )}
          />
          <button className="link danger" onClick={() => onChange({ ...config, branches: config.branches.filter((_, j) => j !== i) }, "branches")} disabled={config.branches.length === 1}>
            {t("workflows.condition.removeBranch")}
          </button>
        </Section>
      ))}
      <button onClick={() => onChange({ ...config, branches: [...config.branches, newBranch(config.branches)] }, "branches")} data-testid="wf-add-branch">
        + {t("workflows.condition.addBranch")}
      </button>
      <p className="hint">{t("workflows.condition.elseHint")}</p>
    </>
  );
}
