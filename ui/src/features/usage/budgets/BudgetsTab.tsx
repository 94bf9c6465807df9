import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, type AccessKey_Serialize, type Budget, type BudgetStatus } from "../../../bindings";
import { useProviders } from "../../../data/providers";
import { toAppError, unwrap, type AppError } from "../../../lib/api";
import { ErrorBanner } from "../../../lib/ErrorBanner";
import { Icon } from "../../../lib/icons";
import { useConfirm } from "../../../lib/useConfirm";
import { BudgetBar } from "../BudgetBar";
import { formatTime } from "../format";
import { useUsage } from "../store";
import { BudgetEditor } from "./BudgetEditor";
import { emptyBudgetForm, formFromBudget, type BudgetForm } from "./form";

export function BudgetsTab() {
  const { t, i18n } = useTranslation();
  const { budgets, reloadBudgets } = useUsage();
  const providers = useProviders((s) => s.providers);
  const [keys, setKeys] = useState<AccessKey_Serialize[]>([]);
  const [editing, setEditing] = useState<BudgetForm | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [ask, confirmDialog] = useConfirm();

  useEffect(() => {
    unwrap(commands.listAccessKeys())
      .then((all) => setKeys(all.filter((k) => k.revoked_at === null)))
      .catch((e) => setError(toAppError(e)));
    void reloadBudgets().catch((e) => setError(toAppError(e)));
  }, [reloadBudgets]);

  const attempt = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setError(null);
    } catch (e) {
      setError(toAppError(e));
    }
  };
  const save = (budget: Budget) =>
    attempt(async () => {
      await unwrap(commands.saveBudget(budget));
      setEditing(null);
      await reloadBudgets();
    });
  const remove = async (b: BudgetStatus) => {
    const yes = await ask({ title: t("usage.budgets.deleteTitle"), message: t("usage.budgets.confirmDelete", { name: b.budget.name }), confirmLabel: t("usage.budgets.delete") });
    if (!yes) return;
    void attempt(async () => {
      await unwrap(commands.deleteBudget(b.budget.id));
      await reloadBudgets();
    });
  };
  const scopeText = (b: Budget) =>
    b.scope.kind === "global"
      ? t("usage.budgets.scopeKind.global")
      : b.scope.kind === "provider"
        ? (providers.find((p) => b.scope.kind === "provider" && p.id === b.scope.provider_id)?.name ?? b.scope.provider_id)
        : (keys.find((k) => b.scope.kind === "access_key" && k.id === b.scope.key_id)?.name ?? b.scope.key_id);

  return (
    <>
      <div className="row spread">
        <p className="muted">{t("usage.budgets.intro")}</p>
        {!editing && (
          <button className="primary" onClick={() => setEditing(emptyBudgetForm())} data-testid="add-budget">
            + {t("usage.budgets.add")}
          </button>
        )}
      </div>
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      {editing && <BudgetEditor key={editing.id || "new"} initial={editing} providers={providers} keys={keys} onSave={save} onCancel={() => setEditing(null)} />}
      {budgets.length === 0 && !editing && <p className="muted">{t("usage.budgets.none")}</p>}
      <div className="grid">
        {budgets.map((b) => (
          <section key={b.budget.id} className="card" data-testid="budget-card">
            <BudgetBar status={b} />
            <div className="row small muted">
              <span>{scopeText(b.budget)}</span>
              <span>· {t(`usage.budgets.periodKind.${b.budget.period}`)}</span>
              <span className={`badge ${b.budget.action === "block" ? "error" : ""}`}>{t(`usage.budgets.actionKind.${b.budget.action}`)}</span>
            </div>
            <div className="small muted">
              {t("usage.budgets.window", { from: formatTime(b.window_start_ms, i18n.language), to: formatTime(b.window_end_ms, i18n.language) })}
            </div>
            {b.reserved_usd_micros > 0 && <div className="small muted">{t("usage.budgets.reserved")}</div>}
            <div className="row end">
              <button className="icon" title={t("usage.budgets.edit")} onClick={() => setEditing(formFromBudget(b.budget))}>
                <Icon name="edit" />
              </button>
              <button className="icon" title={t("usage.budgets.delete")} onClick={() => void remove(b)} data-testid="budget-delete">
                <Icon name="trash" />
              </button>
            </div>
          </section>
        ))}
      </div>
      {confirmDialog}
    </>
  );
}
