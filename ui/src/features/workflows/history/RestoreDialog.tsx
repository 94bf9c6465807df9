// Asks before a version replaces the draft, saying what happens to the draft's changes.
import { useTranslation } from "react-i18next";
import { shortId } from "../../../data/workflowHistory";
import { ConfirmDialog } from "../../../lib/Dialog";
import { useHistory } from "./store";

export function RestoreDialog({ versionId, onClose }: { versionId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const dirty = useHistory((s) => s.overview?.dirty ?? false);
  const id = shortId(versionId);
  return (
    <ConfirmDialog
      title={t("workflows.history.restoreTitle", { id })}
      message={dirty ? t("workflows.history.restoreDirty", { id, keep: t("workflows.history.keepRestore", { id }) }) : t("workflows.history.restoreClean", { id })}
      confirmLabel={t("workflows.history.restore")}
      onCancel={onClose}
      onConfirm={() => {
        onClose();
        void useHistory.getState().restore(versionId, t("workflows.history.keepRestore", { id }));
      }}
      testId="wf-restore"
    />
  );
}
