//! The audit log of changes: read a page, export it.

use std::path::{Path, PathBuf};

use crate::audit::{export, AuditPage, SubjectKind};
use crate::cost::report::ExportFormat;
use crate::error::Result;
use crate::store::audit as table;
use crate::Core;

impl Core {
    /// Newest first, `limit` entries (1 to 500) before the entry `before_id`, of one kind of subject or all.
    pub async fn audit_log(&self, kind: Option<SubjectKind>, before_id: Option<i64>, limit: u32) -> Result<AuditPage> {
        self.store.call(move |c| table::page(c, kind, before_id, limit.clamp(1, 500))).await
    }

    /// Writes the entries of `kind` (all when None) to a new file in `dir`, oldest first, and returns its path.
    pub async fn export_audit_log(
        &self,
        kind: Option<SubjectKind>,
        format: ExportFormat,
        dir: &Path,
    ) -> Result<PathBuf> {
        let write = move |c: &rusqlite::Connection, out: &mut dyn std::io::Write| export::export(c, kind, format, out);
        super::export_file::write_export(&self.store, dir, "switchyard-changes", format, write).await
    }
}
