//! Fault injection for tests in other crates (feature `faults`): what a full disk does to the database.

use crate::error::Result;
use crate::Core;

impl Core {
    /// Caps the database at its current size (every write that needs a new page fails with SQLITE_FULL), or lifts
    /// the cap.
    pub async fn fault_database_full(&self, full: bool) -> Result<()> {
        self.store
            .call(move |c| {
                let pages: i64 = c.query_row("PRAGMA page_count", [], |r| r.get(0))?;
                let max = if full { pages } else { 1 << 30 };
                c.query_row(&format!("PRAGMA max_page_count = {max}"), [], |_| Ok(()))?;
                Ok(())
            })
            .await
    }
}
