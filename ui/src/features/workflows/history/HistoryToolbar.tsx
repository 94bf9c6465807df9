// The history's part of the toolbar: the branch switcher, Commit, Export and Import. It keeps the history in step
// with the draft (loaded again after every save) and listens for the history's shortcuts.
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useEditor } from "../store";
import { BranchMenu } from "./BranchMenu";
import { useHistoryDialogs } from "./dialogs";
import { useDiff } from "./diffStore";
import { ExportMenu } from "./ExportMenu";
import { HistoryDialogs } from "./HistoryDialogs";
import { historyShortcutFor } from "./shortcuts";
import { useHistory } from "./store";

export function HistoryToolbar({ readOnly }: { readOnly: boolean }) {
  const { t } = useTranslation();
  const openId = useEditor((s) => s.openId);
  const revision = useEditor((s) => s.revision);
  const open = useHistoryDialogs((s) => s.open);

  useEffect(() => {
    void useHistory.getState().load();
  }, [openId, revision]);

  // A diff is about one workflow: another one opening closes it (not the toolbar mounting again as the screen loads).
  useEffect(() => {
    const shown = useDiff.getState().shown;
    if (shown && shown.workflowId !== openId) useDiff.getState().close();
  }, [openId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = historyShortcutFor(e);
      if (!action || readOnly) return;
      e.preventDefault();
      if (action === "commit") useHistoryDialogs.getState().open({ kind: "commit" });
      else useHistoryDialogs.getState().setBranchMenu(true);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [readOnly]);

  return (
    <>
      <BranchMenu disabled={readOnly} />
      <button onClick={() => open({ kind: "commit" })} disabled={readOnly} title={t("workflows.history.commit.shortcut")} data-testid="wf-commit-open">
        {t("workflows.history.commit.open")}
      </button>
      <ExportMenu />
      <button onClick={() => open({ kind: "import" })} data-testid="wf-import-open">
        {t("workflows.history.import.open")}
      </button>
      <HistoryDialogs />
    </>
  );
}
