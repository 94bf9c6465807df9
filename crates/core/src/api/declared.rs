use crate::declared::{self, Declared, Reconciled};
use crate::error::Result;
use crate::{CacheClear, Core};

impl Core {
    /// Brings the database in line with a config file's providers, routes and access keys, in one transaction.
    pub async fn reconcile(&self, wanted: Declared) -> Result<Reconciled> {
        let applied = wanted.clone();
        let done = self.store.call(move |c| declared::apply(c, &applied)).await?;
        declared::store_keys(&self.secrets, &wanted, &done)?;
        self.snapshot.providers_changed();
        self.snapshot.keys_changed();
        for provider_id in done.moved.iter().chain(&done.removed_ids) {
            self.clear_cache(CacheClear::Provider { provider_id: provider_id.clone() }).await?;
        }
        Ok(done)
    }
}
