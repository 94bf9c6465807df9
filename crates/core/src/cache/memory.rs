//! The memory tier: recent answers in process memory, weighed by their bytes, within the user's budget in MB.

use std::sync::Arc;

use super::entry::CachedAnswer;
use super::key::CacheKey;

pub struct MemoryTier {
    entries: moka::sync::Cache<CacheKey, Arc<CachedAnswer>>,
}

impl MemoryTier {
    pub fn new(budget_bytes: u64) -> Self {
        let entries = moka::sync::Cache::builder()
            .max_capacity(budget_bytes)
            .weigher(|_key, answer: &Arc<CachedAnswer>| answer.weight())
            .build();
        Self { entries }
    }

    /// The answer kept under `key`, unless it expired (then it is let go).
    pub fn get(&self, key: &CacheKey, now_ms: i64) -> Option<Arc<CachedAnswer>> {
        let answer = self.entries.get(key)?;
        if answer.expires_at <= now_ms {
            self.entries.invalidate(key);
            return None;
        }
        Some(answer)
    }

    pub fn put(&self, key: CacheKey, answer: Arc<CachedAnswer>) {
        self.entries.insert(key, answer);
    }

    pub fn remove(&self, key: &CacheKey) {
        self.entries.invalidate(key);
    }

    /// Drops every entry `matches` selects.
    pub fn remove_where(&self, matches: impl Fn(&CachedAnswer) -> bool) {
        let doomed: Vec<CacheKey> = self.entries.iter().filter(|(_, a)| matches(a)).map(|(k, _)| *k).collect();
        for key in doomed {
            self.entries.invalidate(&key);
        }
    }

    /// Entries and their weight in bytes, once pending evictions ran.
    pub fn size(&self) -> (u64, u64) {
        self.entries.run_pending_tasks();
        (self.entries.entry_count(), self.entries.weighted_size())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(text: &str, expires_at: i64) -> Arc<CachedAnswer> {
        Arc::new(CachedAnswer::of_text(text, "default", "m", expires_at))
    }

    fn key(n: u8) -> CacheKey {
        CacheKey([n; 32])
    }

    #[test]
    fn stays_within_its_byte_budget() {
        let tier = MemoryTier::new(100_000);
        for n in 0..100u8 {
            tier.put(key(n), answer(&"x".repeat(10_000), i64::MAX));
        }
        let (entries, bytes) = tier.size();
        assert!(bytes <= 100_000, "{bytes} bytes kept");
        assert!(entries > 0 && entries < 100, "{entries} entries kept");
    }

    #[test]
    fn an_expired_answer_is_not_served() {
        let tier = MemoryTier::new(1_000_000);
        tier.put(key(1), answer("a", 1_000));
        assert!(tier.get(&key(1), 999).is_some());
        assert!(tier.get(&key(1), 1_000).is_none());
        assert!(tier.get(&key(1), 0).is_none(), "let go once expired");
    }

    #[test]
    fn removes_what_it_is_told_to() {
        let tier = MemoryTier::new(1_000_000);
        tier.put(key(1), answer("a", i64::MAX));
        tier.put(key(2), answer("b", i64::MAX));
        tier.remove_where(|a| a.response.text() == "a");
        assert!(tier.get(&key(1), 0).is_none());
        assert!(tier.get(&key(2), 0).is_some());
        tier.remove(&key(2));
        assert_eq!(tier.size().0, 0);
    }
}
