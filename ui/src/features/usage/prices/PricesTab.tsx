import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, type PriceOverride_Deserialize, type PriceOverride_Serialize } from "../../../bindings";
import { useNavigation } from "../../../data/navigation";
import { useProviders } from "../../../data/providers";
import { toAppError, unwrap, type AppError } from "../../../lib/api";
import { ErrorBanner } from "../../../lib/ErrorBanner";
import { Icon } from "../../../lib/icons";
import { formatMoney } from "../../../lib/money";
import { useConfirm } from "../../../lib/useConfirm";
import { emptyPriceForm, formFromPrice, type PriceForm } from "./form";
import { PriceEditor } from "./PriceEditor";

export function PricesTab() {
  const { t } = useTranslation();
  const providers = useProviders((s) => s.providers);
  const go = useNavigation((s) => s.go);
  const [prices, setPrices] = useState<PriceOverride_Serialize[]>([]);
  const [editing, setEditing] = useState<{ form: PriceForm; existing: boolean } | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [ask, confirmDialog] = useConfirm();

  const load = useCallback(() => unwrap(commands.listPriceOverrides()).then(setPrices), []);
  useEffect(() => void load().catch((e) => setError(toAppError(e))), [load]);

  const attempt = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setError(null);
    } catch (e) {
      setError(toAppError(e));
    }
  };
  const save = (price: PriceOverride_Deserialize) =>
    attempt(async () => {
      await unwrap(commands.savePriceOverride(price));
      setEditing(null);
      await load();
    });
  const remove = async (p: PriceOverride_Serialize) => {
    const yes = await ask({ title: t("usage.prices.deleteTitle"), message: t("usage.prices.confirmDelete", { model: p.model }), confirmLabel: t("usage.prices.delete") });
    if (!yes) return;
    void attempt(async () => {
      await unwrap(commands.deletePriceOverride(p.provider_id, p.model));
      await load();
    });
  };
  const money = (micros: number | null, currency: string) => (micros == null ? <span className="muted">—</span> : formatMoney(micros, currency));

  return (
    <>
      <div className="row spread">
        <p className="muted">{t("usage.prices.intro")}</p>
        {!editing && providers.length > 0 && (
          <button className="primary" onClick={() => setEditing({ form: emptyPriceForm(providers[0].id), existing: false })} data-testid="add-price">
            + {t("usage.prices.add")}
          </button>
        )}
      </div>
      <p className="small">
        <button className="link" onClick={() => go("settings")}>
          {t("usage.prices.ratesLink")}
        </button>
      </p>
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      {editing && <PriceEditor initial={editing.form} editing={editing.existing} providers={providers} onSave={save} onCancel={() => setEditing(null)} />}
      {prices.length === 0 && !editing && <p className="muted">{t("usage.prices.none")}</p>}
      {prices.length > 0 && (
        <section className="card">
          <div className="table-scroll">
            <table className="plain-table" data-testid="price-table">
              <thead>
                <tr>
                  <th>{t("usage.log.provider")}</th>
                  <th>{t("usage.log.model")}</th>
                  <th className="num">{t("usage.prices.field.input")}</th>
                  <th className="num">{t("usage.prices.field.output")}</th>
                  <th className="num">{t("usage.prices.field.cacheRead")}</th>
                  <th className="num">{t("usage.prices.field.cacheWrite")}</th>
                  <th className="num">{t("usage.prices.field.reasoning")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {prices.map((p) => (
                  <tr key={`${p.provider_id}/${p.model}`}>
                    <td>{providers.find((x) => x.id === p.provider_id)?.name ?? p.provider_id}</td>
                    <td className="wrap-anywhere">{p.model}</td>
                    <td className="num">{money(p.input_micros, p.currency)}</td>
                    <td className="num">{money(p.output_micros, p.currency)}</td>
                    <td className="num">{money(p.cache_read_micros, p.currency)}</td>
                    <td className="num">{money(p.cache_write_micros, p.currency)}</td>
                    <td className="num">{money(p.reasoning_micros, p.currency)}</td>
                    <td className="nowrap">
                      <button className="icon" title={t("usage.prices.edit")} onClick={() => setEditing({ form: formFromPrice(p), existing: true })}>
                        <Icon name="edit" />
                      </button>
                      <button className="icon" title={t("usage.prices.delete")} onClick={() => void remove(p)} data-testid="price-delete">
                        <Icon name="trash" />
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="hint">{t("usage.prices.perMillionShort")}</p>
        </section>
      )}
      {confirmDialog}
    </>
  );
}
