//! App updates: the database copy taken just before one is installed (see store::pre_update).

use std::path::PathBuf;

use crate::error::Result;
use crate::store::{pre_update, DB_FILE};
use crate::Core;

impl Core {
    /// Copies the database beside it before the shell installs `to_version`; the new version restores the copy if
    /// its migrations fail, and keeps it for one start after they succeed. Every pending ledger row is written first,
    /// so the copy holds every call made so far.
    pub async fn back_up_before_update(&self, from_version: &str, to_version: &str) -> Result<PathBuf> {
        self.flush_ledger().await;
        let db = self.data_dir.join(DB_FILE);
        let (from, to) = (from_version.to_owned(), to_version.to_owned());
        self.store.call(move |c| pre_update::take(c, &db, &from, &to)).await
    }

    /// The update was not installed after all: its copy goes, so the next start is not taken for the new version's.
    pub fn discard_update_copy(&self) {
        pre_update::discard(&self.data_dir.join(DB_FILE));
    }

    /// The versions around the copy an update left, while it is still kept.
    pub fn pending_update_copy(&self) -> Option<pre_update::Note> {
        pre_update::pending(&self.data_dir.join(DB_FILE))
    }
}
