// Form controls the kinds' panels share, with the variable picker: a template field inserts `{{id.output}}` of any
// upstream node at the cursor; a variable field (no braces) offers the same names to pick.
import { createContext, useContext, useId, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

export type Var = { ref: string; nodeId: string; output: string; label: string };

/** The variables upstream of the node whose panel is open (see graph/vars.ts). */
export const VarsContext = createContext<Var[]>([]);

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="wf-section">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

export function TextField({ label, value, onChange, testId, placeholder }: { label: string; value: string; onChange: (v: string) => void; testId?: string; placeholder?: string }) {
  return (
    <label>
      {label}
      <input value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </label>
  );
}

export function NumberField({ label, value, onChange, min, max, step, testId, placeholder }: { label: string; value: number | null; onChange: (v: number | null) => void; min?: number; max?: number; step?: number; testId?: string; placeholder?: string }) {
  return (
    <label>
      {label}
      <input
        type="number"
        value={value ?? ""}
        min={min}
        max={max}
        step={step}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value === "" ? null : Number(e.target.value))}
        data-testid={testId}
      />
    </label>
  );
}

export function CheckField({ label, value, onChange, testId }: { label: string; value: boolean; onChange: (v: boolean) => void; testId?: string }) {
  return (
    <label className="inline">
      <input type="checkbox" checked={value} onChange={(e) => onChange(e.target.checked)} data-testid={testId} /> {label}
    </label>
  );
}

export function SelectField<T extends string>({ label, value, options, onChange, testId }: { label: string; value: T; options: { value: T; label: string }[]; onChange: (v: T) => void; testId?: string }) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value as T)} data-testid={testId}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A template: text with `{{…}}`; the picker below inserts a variable where the cursor is. */
export function TemplateField({ label, value, onChange, rows = 4, testId, placeholder }: { label: string; value: string; onChange: (v: string) => void; rows?: number; testId?: string; placeholder?: string }) {
  const { t } = useTranslation();
  const vars = useContext(VarsContext);
  const area = useRef<HTMLTextAreaElement>(null);
  const insert = (ref: string) => {
    const el = area.current;
    const text = `{{${ref}}}`;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    onChange(value.slice(0, start) + text + value.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + text.length, start + text.length);
    });
  };
  return (
    <div className="wf-template">
      <label>
        {label}
        <textarea ref={area} rows={rows} value={value} placeholder={placeholder} spellCheck={false} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
      </label>
      <select
        className="wf-var-picker"
        value=""
        aria-label={t("workflows.vars.insert")}
        disabled={!vars.length}
        onChange={(e) => e.target.value && insert(e.target.value)}
        data-testid={testId ? `${testId}-vars` : undefined}
      >
        <option value="">{vars.length ? t("workflows.vars.insert") : t("workflows.vars.none")}</option>
        {vars.map((v) => (
          <option key={v.ref} value={v.ref}>
            {v.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A variable named without braces (`llm_1.text`, a path inside it allowed), picked from the upstream ones or typed. */
export function VarField({ label, value, onChange, testId }: { label: string; value: string; onChange: (v: string) => void; testId?: string }) {
  const { t } = useTranslation();
  const vars = useContext(VarsContext);
  const list = useId();
  return (
    <label>
      {label}
      <input value={value} list={list} placeholder={t("workflows.vars.placeholder")} spellCheck={false} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
      <datalist id={list}>
        {vars.map((v) => (
          <option key={v.ref} value={v.ref}>
            {v.label}
          </option>
        ))}
      </datalist>
    </label>
  );
}

/** Rows that can be added and removed (inputs, outputs, headers, branches). */
export function ListEditor<T>({ items, onChange, make, render, addLabel, testId }: { items: T[]; onChange: (items: T[]) => void; make: () => T; render: (item: T, set: (item: T) => void, index: number) => ReactNode; addLabel: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="wf-list" data-testid={testId}>
      {items.map((item, i) => (
        <div className="wf-list-row" key={i}>
          <div className="wf-list-fields">{render(item, (next) => onChange(items.map((x, j) => (j === i ? next : x))), i)}</div>
          <button className="icon" title={t("workflows.remove")} aria-label={t("workflows.remove")} onClick={() => onChange(items.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <button className="link" onClick={() => onChange([...items, make()])} data-testid={testId ? `${testId}-add` : undefined}>
        + {addLabel}
      </button>
    </div>
  );
}
