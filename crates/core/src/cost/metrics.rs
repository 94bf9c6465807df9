//! Prometheus metrics of every metered call, for `GET /metrics` on the gateway: requests, errors by category,
//! tokens by kind, cost, latency and time to first token, and the gateway's own overhead. Labels stay few and
//! low-cardinality: route, provider, model, status (a call that never found a target has route `(unrouted)`, so a
//! client sending random model names cannot grow the series).

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::store::enum_text;
use crate::store::ledger::LedgerEntry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CallLabels {
    route: String,
    provider: String,
    model: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ErrorLabels {
    route: String,
    provider: String,
    category: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TokenLabels {
    provider: String,
    model: String,
    kind: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CacheLabels {
    route: String,
    /// hit | miss (calls that did not consult the cache are not counted).
    result: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

fn seconds() -> Histogram {
    // 5 ms … ~164 s.
    Histogram::new(exponential_buckets(0.005, 2.0, 16))
}

fn overhead_seconds() -> Histogram {
    // 10 µs … ~164 ms.
    Histogram::new(exponential_buckets(0.000_01, 2.0, 15))
}

pub struct CallMetrics {
    registry: Registry,
    requests: Family<CallLabels, Counter>,
    errors: Family<ErrorLabels, Counter>,
    tokens: Family<TokenLabels, Counter>,
    cost: Family<CallLabels, Counter>,
    unpriced: Family<CallLabels, Counter>,
    latency: Family<CallLabels, Histogram, fn() -> Histogram>,
    ttft: Family<CallLabels, Histogram, fn() -> Histogram>,
    overhead: Family<RouteLabels, Histogram, fn() -> Histogram>,
    cache: Family<CacheLabels, Counter>,
    saved: Family<RouteLabels, Counter>,
    ledger_unwritten: Gauge,
    ledger_dropped: Gauge,
    ledger_refused: Gauge,
}

impl Default for CallMetrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("switchyard");
        let m = CallMetrics {
            requests: Family::default(),
            errors: Family::default(),
            tokens: Family::default(),
            cost: Family::default(),
            unpriced: Family::default(),
            latency: Family::new_with_constructor(seconds as fn() -> Histogram),
            ttft: Family::new_with_constructor(seconds as fn() -> Histogram),
            overhead: Family::new_with_constructor(overhead_seconds as fn() -> Histogram),
            cache: Family::default(),
            saved: Family::default(),
            ledger_unwritten: Gauge::default(),
            ledger_dropped: Gauge::default(),
            ledger_refused: Gauge::default(),
            registry: Registry::default(),
        };
        registry.register("requests", "Calls to models, by outcome", m.requests.clone());
        registry.register("errors", "Failed calls by error category", m.errors.clone());
        registry.register("tokens", "Tokens by kind (input counts cached ones too)", m.tokens.clone());
        registry.register("cost_usd_micros", "What calls cost, in micro-dollars", m.cost.clone());
        registry.register("unpriced_requests", "Calls whose cost is unknown", m.unpriced.clone());
        registry.register("request_duration_seconds", "Time from the call to its last byte", m.latency.clone());
        registry.register("time_to_first_token_seconds", "Time from the call to its first content", m.ttft.clone());
        registry.register(
            "gateway_overhead_seconds",
            "Time the gateway itself added to a call (not waiting for the upstream)",
            m.overhead.clone(),
        );
        registry.register("cache_lookups", "Response cache lookups, by result", m.cache.clone());
        registry.register(
            "cache_saved_usd_micros",
            "What the calls answered from the response cache cost when first made, in micro-dollars",
            m.saved.clone(),
        );
        registry.register(
            "ledger_unwritten_rows",
            "Calls answered whose ledger rows wait in memory because the database cannot be written",
            m.ledger_unwritten.clone(),
        );
        registry.register(
            "ledger_dropped_rows",
            "Ledger rows dropped since start because the buffer was full (setting: drop)",
            m.ledger_dropped.clone(),
        );
        registry.register(
            "ledger_refused_calls",
            "Calls refused since start because the ledger buffer was full (setting: refuse)",
            m.ledger_refused.clone(),
        );
        CallMetrics { registry, ..m }
    }
}

impl CallMetrics {
    pub fn observe(&self, e: &LedgerEntry) {
        let provider = e.provider_name.clone().unwrap_or_default();
        let route = match e.provider_id {
            Some(_) => e.route.clone(),
            None => "(unrouted)".to_owned(),
        };
        let model = e.model.clone().unwrap_or_default();
        let labels = CallLabels {
            route: route.clone(),
            provider: provider.clone(),
            model: model.clone(),
            status: enum_text(&e.status),
        };
        self.requests.get_or_create(&labels).inc();
        if e.cache != crate::cache::CacheUse::Bypass {
            let result = e.cache.as_str().to_owned();
            self.cache.get_or_create(&CacheLabels { route: route.clone(), result }).inc();
        }
        if let Some(saved) = e.saved_cost_usd_micros.filter(|s| *s > 0) {
            self.saved.get_or_create(&RouteLabels { route: route.clone() }).inc_by(saved as u64);
        }
        if let Some(category) = e.error_category {
            self.errors
                .get_or_create(&ErrorLabels { route, provider: provider.clone(), category: enum_text(&category) })
                .inc();
        }
        let u = &e.usage;
        for (kind, n) in [
            ("input", u.input_tokens),
            ("output", u.output_tokens),
            ("cache_read", u.cache_read_tokens),
            ("cache_write", u.cache_write_tokens),
            ("reasoning", u.reasoning_tokens),
        ] {
            if n > 0 {
                let labels = TokenLabels { provider: provider.clone(), model: model.clone(), kind: kind.into() };
                self.tokens.get_or_create(&labels).inc_by(n as u64);
            }
        }
        match &e.cost {
            Some(c) => {
                self.cost.get_or_create(&labels).inc_by(c.usd_micros.max(0) as u64);
            }
            None => {
                self.unpriced.get_or_create(&labels).inc();
            }
        }
        self.latency.get_or_create(&labels).observe(e.latency_ms as f64 / 1000.0);
        if let Some(ttft) = e.ttft_ms {
            self.ttft.get_or_create(&labels).observe(ttft as f64 / 1000.0);
        }
    }

    pub fn observe_overhead(&self, route: &str, seconds: f64) {
        self.overhead.get_or_create(&RouteLabels { route: route.to_owned() }).observe(seconds);
    }

    /// The OpenMetrics text exposition.
    pub fn observe_ledger(&self, h: &crate::ledger_writer::LedgerHealth) {
        self.ledger_unwritten.set(h.unwritten as i64);
        self.ledger_dropped.set(h.dropped as i64);
        self.ledger_refused.set(h.refused as i64);
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry).expect("writing to a String cannot fail");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::money::{Cost, PriceSource};
    use crate::error::ErrorCategory;
    use crate::ir::Usage;
    use crate::origin::OriginKind;
    use crate::store::ledger::CallStatus;

    fn entry(status: CallStatus, provider: Option<&str>, cost: Option<i64>) -> LedgerEntry {
        LedgerEntry {
            at: 0,
            origin: "gateway:k".into(),
            origin_kind: OriginKind::Gateway,
            access_key_id: None,
            conversation_id: None,
            message_id: None,
            route: "fast".into(),
            provider_id: provider.map(str::to_owned),
            provider_name: provider.map(str::to_owned),
            model: Some("m".into()),
            attempts: 1,
            status,
            error_category: (status == CallStatus::Error).then_some(ErrorCategory::Upstream),
            streamed: true,
            usage: Usage { input_tokens: 7, output_tokens: 3, reasoning_tokens: 1, ..Default::default() },
            latency_ms: 1_500,
            ttft_ms: Some(200),
            trace_id: "t".into(),
            cost: cost.map(|usd_micros| Cost { usd_micros, ..Cost::free(PriceSource::Override) }),
            cache: Default::default(),
            saved_cost_usd_micros: None,
            saved_latency_ms: None,
        }
    }

    fn value(samples: &[prometheus_parse::Sample], name: &str, label: (&str, &str)) -> f64 {
        samples
            .iter()
            .filter(|s| s.metric == name && s.labels.get(label.0) == Some(label.1))
            .map(|s| match s.value {
                prometheus_parse::Value::Counter(v) | prometheus_parse::Value::Untyped(v) => v,
                _ => 0.0,
            })
            .sum()
    }

    /// How many observations of `name` (all series) fell in (lower, upper].
    fn in_bucket(samples: &[prometheus_parse::Sample], name: &str, lower: f64, upper: f64) -> f64 {
        let count_at = |bound: f64| -> f64 {
            samples
                .iter()
                .filter(|s| s.metric == name)
                .filter_map(|s| match &s.value {
                    prometheus_parse::Value::Histogram(buckets) => {
                        buckets.iter().find(|b| (b.less_than - bound).abs() < bound * 1e-6).map(|b| b.count)
                    }
                    _ => None,
                })
                .sum()
        };
        count_at(upper) - count_at(lower)
    }

    #[test]
    fn cache_lookups_are_counted_by_result_and_hits_by_what_they_saved() {
        let m = CallMetrics::default();
        let with = |cache, saved| LedgerEntry {
            cache,
            saved_cost_usd_micros: saved,
            ..entry(CallStatus::Ok, Some("p"), None)
        };
        m.observe(&with(crate::cache::CacheUse::Hit, Some(25)));
        m.observe(&with(crate::cache::CacheUse::Hit, None));
        m.observe(&with(crate::cache::CacheUse::Miss, None));
        m.observe(&with(crate::cache::CacheUse::Bypass, None));
        let text = m.render();
        let samples = prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_owned()))).unwrap().samples;
        assert_eq!(value(&samples, "switchyard_cache_lookups_total", ("result", "hit")), 2.0);
        assert_eq!(value(&samples, "switchyard_cache_lookups_total", ("result", "miss")), 1.0);
        assert_eq!(value(&samples, "switchyard_cache_lookups_total", ("result", "bypass")), 0.0);
        assert_eq!(value(&samples, "switchyard_cache_saved_usd_micros_total", ("route", "fast")), 25.0);
    }

    #[test]
    fn every_call_moves_its_counters_under_few_labels() {
        let m = CallMetrics::default();
        m.observe(&entry(CallStatus::Ok, Some("p"), Some(40)));
        m.observe(&entry(CallStatus::Ok, Some("p"), None));
        m.observe(&entry(CallStatus::Error, Some("p"), Some(0)));
        m.observe(&entry(CallStatus::Error, None, None));
        m.observe_overhead("fast", 0.000_2);
        let text = m.render();
        let samples = prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_owned()))).unwrap().samples;
        assert_eq!(value(&samples, "switchyard_requests_total", ("status", "ok")), 2.0);
        assert_eq!(value(&samples, "switchyard_requests_total", ("route", "(unrouted)")), 1.0);
        assert_eq!(value(&samples, "switchyard_errors_total", ("category", "upstream")), 2.0);
        assert_eq!(value(&samples, "switchyard_cost_usd_micros_total", ("provider", "p")), 40.0);
        assert_eq!(value(&samples, "switchyard_unpriced_requests_total", ("route", "fast")), 1.0);
        assert_eq!(value(&samples, "switchyard_tokens_total", ("kind", "input")), 28.0);
        assert_eq!(value(&samples, "switchyard_tokens_total", ("kind", "reasoning")), 4.0);
        let cache_read = samples.iter().filter(|s| s.labels.get("kind") == Some("cache_read")).count();
        assert_eq!(cache_read, 0, "no series for a kind no call had");
        // 1.5 s of latency and 200 ms to the first token, in seconds: between the 1.28 and 2.56 bounds, and between
        // 0.16 and 0.32; 200 µs of overhead between 160 and 320 µs.
        assert_eq!(in_bucket(&samples, "switchyard_request_duration_seconds", 1.28, 2.56), 4.0);
        assert_eq!(in_bucket(&samples, "switchyard_time_to_first_token_seconds", 0.16, 0.32), 4.0);
        assert_eq!(in_bucket(&samples, "switchyard_gateway_overhead_seconds", 0.000_16, 0.000_32), 1.0);
    }
}
