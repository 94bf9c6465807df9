// Whichever history dialog is open.
import { CommitDialog } from "./CommitDialog";
import { useHistoryDialogs } from "./dialogs";
import { ImportDialog } from "./ImportDialog";
import { MergeDialog } from "./MergeDialog";
import { NewBranchDialog } from "./NewBranchDialog";
import { RestoreDialog } from "./RestoreDialog";
import { TagDialog } from "./TagDialog";

export function HistoryDialogs() {
  const dialog = useHistoryDialogs((s) => s.dialog);
  const close = useHistoryDialogs((s) => s.close);
  if (!dialog) return null;
  switch (dialog.kind) {
    case "commit":
      return <CommitDialog onClose={close} />;
    case "newBranch":
      return <NewBranchDialog fromVersion={dialog.fromVersion} onClose={close} />;
    case "merge":
      return <MergeDialog from={dialog.from} onClose={close} />;
    case "restore":
      return <RestoreDialog versionId={dialog.versionId} onClose={close} />;
    case "tag":
      return <TagDialog versionId={dialog.versionId} onClose={close} />;
    case "import":
      return <ImportDialog onClose={close} />;
  }
}
