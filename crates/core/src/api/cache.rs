//! The response cache: what it keeps and what it saved, and clearing it.

use crate::cache::{CacheClear, CacheSavings, CacheStats};
use crate::cost::report::{self, UsageFilter};
use crate::error::Result;
use crate::Core;

/// How far back the Cache section's hit ratio and savings look.
const RECENT_MS: i64 = 30 * 86_400_000;

impl Core {
    pub async fn cache_stats(&self) -> Result<CacheStats> {
        let mut stats = self.cache.stats().await?;
        stats.recent = self.cache_savings(RECENT_MS).await?;
        Ok(stats)
    }

    /// Deletes the answers `which` selects, from memory and disk; returns how many were on disk.
    pub async fn clear_cache(&self, which: CacheClear) -> Result<u64> {
        let gone = self.cache.clear(which).await?;
        tracing::info!(gone, "response cache cleared");
        Ok(gone)
    }

    /// Waits until every answer kept so far is on disk (tests, and before a backup).
    pub async fn flush_cache(&self) {
        self.cache.flush().await;
    }

    async fn cache_savings(&self, over_ms: i64) -> Result<CacheSavings> {
        self.flush_ledger().await;
        let to = crate::store::now_ms() + 1;
        // The machine's offset: its days are kept already, so no zone is added for this.
        let offset = chrono::Local::now().offset().local_minus_utc() / 60;
        let filter = UsageFilter::range(to - over_ms, to, offset);
        let totals =
            self.store.call(move |c| report::usage_report(c, &filter, report::SpendGroup::Provider)).await?.totals;
        Ok(totals.cache)
    }
}
