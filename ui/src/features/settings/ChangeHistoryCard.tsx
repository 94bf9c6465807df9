import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditEntry_Serialize, AuditPage_Serialize, ExportFormat, SubjectKind } from "../../bindings";
import { toAppError, type AppError } from "../../lib/api";
import { ErrorBanner } from "../../lib/ErrorBanner";
import { ExportButtons, TABLE_EXPORTS } from "../../lib/ExportButtons";
import { changedFields, fieldLabel, showValue, SUBJECT_KINDS } from "./changeHistory";

type Props = {
  /** A page of entries of `kind` (all when null), newest first, before the entry `before`. */
  load: (kind: SubjectKind | null, before: number | null) => Promise<AuditPage_Serialize>;
  onExport: (kind: SubjectKind | null, format: ExportFormat) => Promise<string>;
  /** Reloads the first page when it changes (the settings just saved, for one). */
  refreshKey?: unknown;
};

function Entry({ entry }: { entry: AuditEntry_Serialize }) {
  const { t, i18n } = useTranslation();
  const none = t("settings.history.none");
  const word = (w: string) => t(`settings.history.value.${w}`, { defaultValue: w });
  const label = (field: string) => t(`settings.history.field.${field}`, { defaultValue: fieldLabel(field) });
  return (
    <li className="history-entry" data-testid="history-entry">
      <div className="row">
        <span className="muted small nowrap">{new Date(entry.at).toLocaleString(i18n.language)}</span>
        <span className="badge">{t(`settings.history.source.${entry.source}`)}</span>
        <span>
          {t(`settings.history.kind.${entry.subject_kind}`)} <strong>{entry.subject_kind === "settings" ? "" : entry.subject_name}</strong>{" "}
          {t(`settings.history.action.${entry.action}`)}
        </span>
      </div>
      <ul className="history-fields small">
        {changedFields(entry).map((c) => (
          <li key={c.field}>
            <span className="muted">{label(c.field)}:</span>{" "}
            {entry.old == null ? (
              <span>{showValue(c.new, none, word)}</span>
            ) : entry.new == null ? (
              <del>{showValue(c.old, none, word)}</del>
            ) : (
              <span>
                <del>{showValue(c.old, none, word)}</del> → <ins>{showValue(c.new, none, word)}</ins>
              </span>
            )}
          </li>
        ))}
      </ul>
    </li>
  );
}

/** Every change to providers, access keys, routes, budgets, prices and settings, newest first; never a secret. */
export function ChangeHistoryCard({ load, onExport, refreshKey }: Props) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<SubjectKind | null>(null);
  const [entries, setEntries] = useState<AuditEntry_Serialize[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [reloads, setReloads] = useState(0);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    let current = true;
    load(kind, null).then(
      (page) => {
        if (!current) return;
        setEntries(page.entries);
        setNext(page.next_before);
        setError(null);
      },
      (e) => current && setError(toAppError(e)),
    );
    return () => {
      current = false;
    };
  }, [load, kind, refreshKey, reloads]);

  const more = async () => {
    if (next === null) return;
    try {
      const page = await load(kind, next);
      setEntries((es) => [...(es ?? []), ...page.entries]);
      setNext(page.next_before);
    } catch (e) {
      setError(toAppError(e));
    }
  };

  return (
    <div className="card" data-testid="change-history">
      <h3>{t("settings.history.title")}</h3>
      <p className="hint">{t("settings.history.intro")}</p>
      <div className="row spread">
        <label className="inline">
          {t("settings.history.filter")}
          <select data-testid="history-kind" value={kind ?? ""} onChange={(e) => setKind((e.target.value || null) as SubjectKind | null)}>
            <option value="">{t("settings.history.allKinds")}</option>
            {SUBJECT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`settings.history.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="row">
          <button className="link" onClick={() => setReloads((n) => n + 1)} data-testid="history-refresh">
            {t("settings.history.refresh")}
          </button>
          <ExportButtons options={TABLE_EXPORTS} onExport={(format) => onExport(kind, format)} />
        </span>
      </div>
      {entries && entries.length === 0 && (
        <p className="muted" data-testid="history-empty">
          {kind === null ? t("settings.history.empty") : t("settings.history.emptyKind")}
        </p>
      )}
      {entries && entries.length > 0 && (
        <ul className="history">
          {entries.map((e) => (
            <Entry key={e.id} entry={e} />
          ))}
        </ul>
      )}
      {next !== null && (
        <button onClick={() => void more()} data-testid="history-more">
          {t("settings.history.more")}
        </button>
      )}
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
    </div>
  );
}
