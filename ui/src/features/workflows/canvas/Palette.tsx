// The node kinds to drag onto the canvas (or click to add in the middle of the view).
import { useTranslation } from "react-i18next";
import type { NodeKind } from "../../../data/workflows";
import { NODE_KINDS } from "../nodes/registry";

export const DRAG_TYPE = "application/x-switchyard-node-kind";

/** `hasStart`: a workflow has one Start, so the palette offers no second. */
export function Palette({ onAdd, disabled, hasStart }: { onAdd: (kind: NodeKind) => void; disabled: boolean; hasStart: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="wf-palette" role="toolbar" aria-label={t("workflows.palette.title")} data-testid="wf-palette">
      <div className="section-title">{t("workflows.palette.title")}</div>
      {NODE_KINDS.map((kind) => {
        const off = disabled || (kind === "start" && hasStart);
        return (
          <button
            key={kind}
            className={`wf-palette-item kind-${kind}`}
            draggable={!off}
            disabled={off}
            title={t(`workflows.kindHint.${kind}`)}
            onDragStart={(e) => {
              e.dataTransfer.setData(DRAG_TYPE, kind);
              e.dataTransfer.effectAllowed = "move";
            }}
            onClick={() => onAdd(kind)}
            data-testid={`wf-palette-${kind}`}
          >
            <span className="wf-swatch" aria-hidden />
            {t(`workflows.kind.${kind}`)}
          </button>
        );
      })}
      <p className="hint">{t("workflows.palette.hint")}</p>
    </div>
  );
}
