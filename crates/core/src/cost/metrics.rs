//! Prometheus metrics of every metered call, for `GET /metrics` on the gateway: requests, errors by category,
//! tokens by kind, cost, latency and time to first token, and the gateway's own overhead. Labels stay few and
//! low-cardinality: route, provider, model, status (a call that never found a target has route `(unrouted)`, so a
//! client sending random model names cannot grow the series).

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::store::ledger::{CallStatus, LedgerEntry};

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
        CallMetrics { registry, ..m }
    }
}

fn status_text(s: CallStatus) -> &'static str {
    match s {
        CallStatus::Ok => "ok",
        CallStatus::Error => "error",
        CallStatus::Cancelled => "cancelled",
    }
}

fn text<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
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
            status: status_text(e.status).into(),
        };
        self.requests.get_or_create(&labels).inc();
        if let Some(category) = e.error_category {
            self.errors
                .get_or_create(&ErrorLabels { route, provider: provider.clone(), category: text(&category) })
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
    pub fn render(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry).expect("writing to a String cannot fail");
        out
    }
}
