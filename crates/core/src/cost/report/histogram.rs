//! Latency histograms over log-spaced buckets, as the rollups keep them: `{"<bucket lower ms>": count}`.
//!
//! Bucket `[L, H]` reports `E = L * 11 / 10`, and `H = E * 10 / 9`, so E is within 10% of every value in it.
//! A percentile is found by nearest rank over bucket counts: the exact nearest-rank percentile of the raw
//! values lies in the bucket found, so **the reported percentile is within 10% of the exact one** for values
//! up to the last bucket's start (4,259,642 ms, about 71 minutes); longer calls are reported as that bucket's E.
//! The same bounds are in migration 9's `usage_latency_buckets`; a test checks they agree.

/// Lower bounds of the buckets, ascending. Bucket 0 holds only 0 ms.
pub const LOWER_MS: [i64; BUCKETS] = lower_bounds();
pub const BUCKETS: usize = 75;

const fn lower_bounds() -> [i64; BUCKETS] {
    let mut bounds = [0i64; BUCKETS];
    bounds[1] = 1;
    let mut i = 2;
    while i < BUCKETS {
        bounds[i] = (bounds[i - 1] * 11 / 10) * 10 / 9 + 1;
        i += 1;
    }
    bounds
}

/// What a bucket reports: within 10% of every value in it.
pub fn estimate(lower_ms: i64) -> i64 {
    lower_ms * 11 / 10
}

/// The bucket (its index) that holds `ms`; negative values count as 0.
pub fn bucket_of(ms: i64) -> usize {
    LOWER_MS.partition_point(|&lower| lower <= ms.max(0)) - 1
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Histogram {
    counts: [u64; BUCKETS],
    total: u64,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram { counts: [0; BUCKETS], total: 0 }
    }
}

impl Histogram {
    pub fn record(&mut self, ms: i64) {
        self.add_bucket(bucket_of(ms), 1);
    }

    fn add_bucket(&mut self, bucket: usize, count: u64) {
        self.counts[bucket] += count;
        self.total += count;
    }

    /// Adds a rollup's `{"<lower ms>": count}` object; keys that are no bucket's lower bound go to their bucket.
    pub fn add_json(&mut self, text: &str) {
        if text.len() <= 2 {
            return;
        }
        for (key, count) in json_counts(text) {
            if let Ok(ms) = key.parse::<i64>() {
                self.add_bucket(bucket_of(ms), count);
            }
        }
    }

    pub fn merge(&mut self, other: &Histogram) {
        for (bucket, count) in other.counts.iter().enumerate() {
            self.counts[bucket] += count;
        }
        self.total += other.total;
    }

    /// Counts by bucket index.
    pub fn counts(&self) -> &[u64; BUCKETS] {
        &self.counts
    }

    pub fn total(&self) -> u64 {
        self.total
    }

    /// The nearest-rank `percent`-th percentile's estimate; None when empty.
    pub fn percentile(&self, percent: u32) -> Option<i64> {
        if self.total == 0 {
            return None;
        }
        let rank = (self.total * percent as u64).div_ceil(100).max(1);
        let mut seen = 0;
        for (bucket, count) in self.counts.iter().enumerate() {
            seen += count;
            if seen >= rank {
                return Some(estimate(LOWER_MS[bucket]));
            }
        }
        None
    }
}

/// The pairs of a flat JSON object of counts as SQLite's json functions write it: `{"a":1,"b":2}` (keys without
/// escapes, counts as plain integers). Read byte by byte: the dashboard reads tens of thousands of these.
pub fn json_counts(text: &str) -> impl Iterator<Item = (&str, u64)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let open = at + bytes[at..].iter().position(|&b| b == b'"')?;
        let close = open + 1 + bytes[open + 1..].iter().position(|&b| b == b'"')?;
        let mut i = close + 1;
        while i < bytes.len() && !bytes[i].is_ascii_digit() {
            i += 1;
        }
        let mut count = 0u64;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            count = count * 10 + u64::from(bytes[i] - b'0');
            i += 1;
        }
        at = i;
        Some((&text[open + 1..close], count))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_up_to_the_last_bucket_is_estimated_within_ten_percent() {
        assert!(LOWER_MS.windows(2).all(|w| w[0] < w[1]));
        assert!(LOWER_MS[BUCKETS - 1] > 3_600_000, "an hour fits below the last bucket");
        for ms in 0..=LOWER_MS[BUCKETS - 1] {
            let e = estimate(LOWER_MS[bucket_of(ms)]);
            assert!((e - ms).abs() * 10 <= ms, "{ms} ms reported as {e}");
        }
        assert_eq!(bucket_of(-5), 0);
        assert_eq!(bucket_of(i64::MAX), BUCKETS - 1);
    }

    #[test]
    fn percentiles_stay_within_the_bound_of_the_exact_nearest_rank() {
        // A deterministic spread from 0 ms to minutes, skewed like real latencies.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut values = Vec::new();
        let mut h = Histogram::default();
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let v = ((state % 1_000) as i64).pow(3) / 4_000 + (state >> 40) as i64 % 50;
            values.push(v);
            h.record(v);
        }
        values.sort();
        for p in [1, 10, 50, 90, 95, 99, 100] {
            let rank = (values.len() * p as usize).div_ceil(100);
            let exact = values[rank - 1];
            let got = h.percentile(p).unwrap();
            assert!((got - exact).abs() * 10 <= exact, "p{p}: exact {exact}, histogram {got}");
        }
    }

    #[test]
    fn percentile_is_nearest_rank_over_buckets() {
        let mut h = Histogram::default();
        assert_eq!(h.percentile(50), None);
        for ms in [1, 2, 3, 4, 100] {
            h.record(ms);
        }
        assert_eq!(h.percentile(50), Some(3));
        assert_eq!(h.percentile(80), Some(4));
        assert_eq!(h.percentile(95), Some(estimate(LOWER_MS[bucket_of(100)])));
    }

    #[test]
    fn reads_rollup_json_and_merges() {
        let mut a = Histogram::default();
        a.add_json(r#"{"229":2,"0":1}"#);
        a.add_json("{}");
        let mut b = Histogram::default();
        b.record(230);
        b.merge(&a);
        assert_eq!(b.total(), 4);
        assert_eq!(b.percentile(100), Some(estimate(229)));
        assert_eq!(b.percentile(25), Some(0));
        assert_eq!(
            json_counts(r#"{"timeout":3,"upstream":12}"#).collect::<Vec<_>>(),
            [("timeout", 3), ("upstream", 12)]
        );
        assert_eq!(json_counts(r#"{ "a" : 7 , "b":0}"#).collect::<Vec<_>>(), [("a", 7), ("b", 0)]);
        assert_eq!(json_counts("{}").count(), 0);
    }
}
