// The list of keyboard shortcuts (Ctrl/⌘+/, or "?" in the sidebar), with the modifier of this system.
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "../../lib/Dialog";
import { modLabel } from "../../lib/platform";
import { useOverlays } from "../../data/overlays";
import { SHORTCUTS } from "./shortcutList";

export function ShortcutsSheet() {
  const { t } = useTranslation();
  const { open, close } = useOverlays();
  if (open !== "shortcuts") return null;
  const mod = modLabel();
  return (
    <Dialog title={t("shortcuts.title")} onClose={close} testId="shortcuts-sheet">
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.id} data-testid="shortcut" data-shortcut={s.id}>
              <td>{t(`shortcuts.action.${s.id}`)}</td>
              <td className="shortcut-keys" data-testid="shortcut-keys">
                {s.keys(mod).map((k, i) => (
                  <Fragment key={i}>
                    {i > 0 && <span className="muted">+</span>}
                    <kbd>{k}</kbd>
                  </Fragment>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row end">
        <button className="primary" onClick={close} data-testid="shortcuts-close">
          {t("dialog.close")}
        </button>
      </div>
    </Dialog>
  );
}
