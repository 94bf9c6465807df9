//! Times the usage dashboard's queries over a large ledger: fills a fresh database through the real
//! migrations and the real insert path (batched transactions, rollup triggers on), then prints each query's
//! median time next to a baseline that answers the same question from the raw ledger table.
//!
//! Usage: ledger-queries [rows]      (default 1,000,000; 90 days, 6 providers, 20 models)
//!   CARGO_TARGET_DIR=… cargo build -p switchyard-bench --release --bin ledger-queries
//!   LEDGER_BENCH_CACHE=/tmp/ledger-1m.sqlite target/release/ledger-queries   (fill once, reuse a copy after)

use std::hint::black_box;
use std::time::Instant;

use rusqlite::Connection;
use switchyard_core::cost::money::{Cost, PriceSource};
use switchyard_core::cost::report::{self, ExportFormat, SpendGroup, SpendScope, UsageFilter};
use switchyard_core::error::ErrorCategory;
use switchyard_core::ir::Usage;
use switchyard_core::origin::OriginKind;
use switchyard_core::store::ledger::{self, CallStatus, LedgerEntry};
use switchyard_core::store::Store;
use switchyard_core::CacheUse;

const DAY_MS: i64 = 86_400_000;
const DAYS: i64 = 90;
/// UTC+8: the dashboard's zone; the machine's own (kept by migration 9) is maintained too, as in the app.
const TZ: i32 = 480;
const RUNS: usize = 7;
/// The raw-table baselines take seconds each at 1,000,000 rows.
const BASELINE_RUNS: usize = 3;
const BATCH: usize = 256;
/// A fixed "now" (2026-03-02 09:30 UTC) so runs are comparable.
const NOW_MS: i64 = 1_772_443_800_000;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// Roughly log-normal: the product of a few uniforms, scaled.
    fn skewed(&mut self, median: f64) -> i64 {
        let u = (1..=3).map(|_| (self.below(1000) as f64 + 1.0) / 500.0).product::<f64>();
        (median * u) as i64
    }
}

struct Model {
    provider: usize,
    name: String,
    /// µUSD per million input tokens; None = unpriced (a model no price list knows).
    input_price: Option<i64>,
    median_latency: f64,
}

const PROVIDERS: [(&str, &str); 6] = [
    ("openai", "OpenAI"),
    ("anthropic", "Anthropic"),
    ("deepseek", "DeepSeek"),
    ("qwen", "Qwen"),
    ("openrouter", "OpenRouter"),
    ("ollama", "Ollama"),
];

fn models() -> Vec<Model> {
    (0..20)
        .map(|i| Model {
            provider: i % PROVIDERS.len(),
            name: format!("{}-model-{i}", PROVIDERS[i % PROVIDERS.len()].0),
            input_price: match i {
                5 | 11 => Some(0),
                17 => None,
                _ => Some(150_000 * (i as i64 + 1)),
            },
            median_latency: 300.0 + 150.0 * i as f64,
        })
        .collect()
}

fn entry(rng: &mut Rng, models: &[Model], at: i64, n: u64) -> LedgerEntry {
    let m = &models[(rng.below(20) * rng.below(20) / 19) as usize];
    let (provider_id, provider_name) = PROVIDERS[m.provider];
    let origin_kind = match rng.below(10) {
        0..=4 => OriginKind::Pane,
        5..=8 => OriginKind::Gateway,
        _ => OriginKind::Workflow,
    };
    let status = match rng.below(100) {
        0..=3 => CallStatus::Error,
        4 => CallStatus::Cancelled,
        _ => CallStatus::Ok,
    };
    let error_category = match status {
        CallStatus::Error => Some(
            [ErrorCategory::RateLimited, ErrorCategory::Upstream, ErrorCategory::Timeout, ErrorCategory::Connect]
                [rng.below(4) as usize],
        ),
        CallStatus::Cancelled => Some(ErrorCategory::Cancelled),
        CallStatus::Ok | CallStatus::Cached => None,
    };
    let input = rng.skewed(1500.0).min(200_000) as u32;
    let usage = Usage {
        input_tokens: input,
        output_tokens: rng.skewed(300.0).min(32_000) as u32,
        cache_read_tokens: if rng.below(3) == 0 { input / 2 } else { 0 },
        cache_write_tokens: 0,
        reasoning_tokens: if m.provider == 2 { rng.skewed(100.0) as u32 } else { 0 },
        estimated: false,
    };
    let streamed = rng.below(10) < 7;
    let latency_ms = rng.skewed(m.median_latency);
    let priced = m.input_price.filter(|_| rng.below(50) != 0);
    let cost = priced.map(|price| {
        let micros = (usage.input_tokens as i64 * price + usage.output_tokens as i64 * price * 4) / 1_000_000;
        let source = if price == 0 { PriceSource::Local } else { PriceSource::GenaiPrices };
        Cost { micros, currency: "USD".into(), usd_micros: micros, usd_per_unit_micros: 1_000_000, source }
    });
    LedgerEntry {
        at,
        origin: match origin_kind {
            OriginKind::Pane => format!("chat:pane-{}", rng.below(4)),
            OriginKind::Gateway => format!("gateway:key-{}", rng.below(5)),
            OriginKind::Workflow => "workflow:w1".into(),
        },
        origin_kind,
        access_key_id: (origin_kind == OriginKind::Gateway).then(|| format!("key-{}", rng.below(5))),
        conversation_id: (origin_kind == OriginKind::Pane).then(|| format!("conv-{}", n / 40)),
        message_id: (origin_kind == OriginKind::Pane).then(|| format!("msg-{n}")),
        route: m.name.clone(),
        provider_id: Some(provider_id.into()),
        provider_name: Some(provider_name.into()),
        model: Some(m.name.clone()),
        attempts: 1 + (rng.below(20) == 0) as u32,
        status,
        error_category,
        streamed,
        usage,
        latency_ms,
        ttft_ms: (streamed && status == CallStatus::Ok).then_some(latency_ms / 4),
        trace_id: format!("trace-{}", n / 2),
        cost,
        // No call in this ledger was answered from the response cache.
        cache: CacheUse::Bypass,
        saved_cost_usd_micros: None,
        saved_latency_ms: None,
    }
}

/// Calls spread evenly over the 90 days before `NOW_MS`; ids grow with time.
fn fill(conn: &mut Connection, rows: u64) -> f64 {
    let models = models();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let start = NOW_MS - DAYS * DAY_MS;
    let span = (DAYS * DAY_MS) as f64;
    let t = Instant::now();
    let mut n = 0;
    while n < rows {
        let tx = conn.transaction().unwrap();
        for _ in 0..BATCH.min((rows - n) as usize) {
            let base = start + (span * n as f64 / rows as f64) as i64;
            let at = base + rng.below((span / rows as f64) as u64 + 1) as i64;
            ledger::insert(&tx, &entry(&mut rng, &models, at, n)).unwrap();
            n += 1;
        }
        tx.commit().unwrap();
    }
    t.elapsed().as_secs_f64()
}

fn median_ms(f: impl FnMut()) -> f64 {
    median_of(RUNS, f)
}

fn median_of(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    times[runs / 2]
}

fn row(name: &str, ms: f64, baseline: Option<f64>) {
    match baseline {
        Some(b) => println!("{name:<58} {ms:>9.2} ms   raw {b:>9.2} ms   ×{:>7.1}", b / ms),
        None => println!("{name:<58} {ms:>9.2} ms"),
    }
}

/// The day-by-day aggregation a dashboard without rollups would run: the same cells from the raw ledger.
fn raw_report(conn: &Connection, from: i64, to: i64) -> usize {
    report::raw_cells(conn, from, to, TZ).unwrap().len()
}

fn raw_spend(conn: &Connection, from: i64, to: i64, clause: &str) -> i64 {
    conn.query_row(
        &format!("SELECT coalesce(sum(cost_usd_micros), 0) FROM ledger WHERE at >= ?1 AND at < ?2{clause}"),
        [from, to],
        |r| r.get(0),
    )
    .unwrap()
}

fn main() {
    let rows: u64 = std::env::args().nth(1).map(|a| a.replace('_', "").parse().expect("rows")).unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite");
    // LEDGER_BENCH_CACHE=<file>: fill once into that file, later runs start from a copy of it.
    let cache = std::env::var_os("LEDGER_BENCH_CACHE").map(std::path::PathBuf::from);
    let cached = cache.as_ref().filter(|c| c.exists());
    if let Some(cached) = cached {
        std::fs::copy(cached, &path).unwrap();
    }
    drop(Store::open(&path).unwrap());
    let mut conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    report::ensure_zone(&conn, TZ).unwrap();
    println!("zones kept during the fill: {:?} (offset minutes)", report::kept_zones(&conn).unwrap());
    if cached.is_none() {
        let fill_s = fill(&mut conn, rows);
        println!("filled {rows} rows in {fill_s:.1} s ({:.1} µs/row, rollups on)", fill_s * 1e6 / rows as f64);
        if let Some(cache) = &cache {
            conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
            std::fs::copy(&path, cache).unwrap();
        }
    }
    let size_mb = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    let (ledger_rows, rollup_rows): (i64, i64) = conn
        .query_row("SELECT (SELECT count(*) FROM ledger), (SELECT count(*) FROM usage_daily)", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    println!("{ledger_rows} ledger rows, database {size_mb:.0} MB (WAL aside), {rollup_rows} usage_daily rows");
    println!("median of {RUNS} runs each (raw-table baselines: {BASELINE_RUNS})\n");

    let today = report::day_start_ms(report::local_day(NOW_MS, TZ), TZ);
    let tomorrow = today + DAY_MS;
    let days = |n: i64| UsageFilter::range(today - (n - 1) * DAY_MS, tomorrow, TZ);
    let to_now = |n: i64| UsageFilter::range(today - (n - 1) * DAY_MS, NOW_MS, TZ);

    for (name, filter, group) in [
        ("usage_report, 7 days, by provider", days(7), SpendGroup::Provider),
        ("usage_report, 30 days, by provider", days(30), SpendGroup::Provider),
        ("usage_report, 90 days, by provider", days(90), SpendGroup::Provider),
        ("usage_report, 90 days, by model", days(90), SpendGroup::Model),
        ("usage_report, 90 days up to now (today cut at now)", to_now(90), SpendGroup::Provider),
    ] {
        let ms = median_ms(|| {
            black_box(report::usage_report(&conn, &filter, group).unwrap());
        });
        let raw = median_of(BASELINE_RUNS, || {
            black_box(raw_report(&conn, filter.from_ms, filter.to_ms));
        });
        row(name, ms, Some(raw));
    }
    row(
        "  of which: reading the zone's rollup rows (all days)",
        median_ms(|| {
            black_box(report::rollup_cells(&conn, TZ).unwrap());
        }),
        None,
    );
    let mut one = days(90);
    one.provider_ids = vec!["deepseek".into()];
    one.statuses = vec![CallStatus::Ok, CallStatus::Error];
    row(
        "usage_report, 90 days, one provider, ok+error",
        median_ms(|| drop(report::usage_report(&conn, &one, SpendGroup::Model).unwrap())),
        None,
    );
    let mut cut = days(30);
    cut.from_ms += 3 * 3_600_000 + 17;
    cut.to_ms -= 5 * 3_600_000;
    row(
        "usage_report, 30 days cut mid-day at both ends (raw edges)",
        median_ms(|| drop(report::usage_report(&conn, &cut, SpendGroup::Provider).unwrap())),
        None,
    );

    let all = days(90);
    let mut page = None;
    row(
        "log_page, 50 newest, 90 days",
        median_ms(|| page = Some(report::log_page(&conn, &all, None, 50).unwrap())),
        None,
    );
    let mut before = None;
    for _ in 0..100 {
        before = report::log_page(&conn, &all, before, 50).unwrap().next_before;
    }
    row("log_page, page 101 (keyset)", median_ms(|| drop(report::log_page(&conn, &all, before, 50).unwrap())), None);
    let mut rare = days(90);
    rare.models = vec!["openrouter-model-16".into()];
    rare.statuses = vec![CallStatus::Cancelled];
    row(
        "log_page, 50 newest, rare model + cancelled",
        median_ms(|| drop(report::log_page(&conn, &rare, None, 50).unwrap())),
        None,
    );
    let trace = page.unwrap().rows[0].entry.trace_id.clone();
    row("by_trace", median_ms(|| drop(report::by_trace(&conn, &trace).unwrap())), None);
    row(
        "daily (yesterday + month to date)",
        median_ms(|| drop(report::daily(&conn, today - DAY_MS, TZ).unwrap())),
        None,
    );

    let month = (today - 29 * DAY_MS, NOW_MS);
    for (name, scope, clause) in [
        ("spent_usd_micros, 30 days to now, global", SpendScope::Global, String::new()),
        (
            "spent_usd_micros, 30 days to now, provider",
            SpendScope::Provider("deepseek"),
            " AND provider_id = 'deepseek'".into(),
        ),
        (
            "spent_usd_micros, 30 days to now, access key",
            SpendScope::AccessKey("key-3"),
            " AND access_key_id = 'key-3'".into(),
        ),
    ] {
        let ms = median_ms(|| {
            black_box(report::spent_usd_micros(&conn, month.0, month.1, scope).unwrap());
        });
        let raw = median_of(BASELINE_RUNS, || {
            black_box(raw_spend(&conn, month.0, month.1, &clause));
        });
        row(name, ms, Some(raw));
    }

    let yesterday = UsageFilter::range(today - DAY_MS, today, TZ);
    let mut exported = 0;
    let export_ms = median_ms(|| {
        let mut out = Vec::new();
        exported = report::export(&conn, &yesterday, ExportFormat::Csv, &mut out).unwrap();
    });
    row(&format!("export CSV, one day ({exported} rows)"), export_ms, None);

    let new_zone = std::time::Instant::now();
    report::usage_report(&conn, &UsageFilter::range(today - 29 * DAY_MS, tomorrow, -300), SpendGroup::Provider)
        .unwrap();
    row("first report at a new offset (UTC-5: backfill from the ledger)", new_zone.elapsed().as_secs_f64() * 1e3, None);

    let t = Instant::now();
    let deleted = report::delete_before(&conn, NOW_MS - (DAYS - 7) * DAY_MS).unwrap();
    row(&format!("delete_before, oldest 7 days ({deleted} rows, rollups kept)"), t.elapsed().as_secs_f64() * 1e3, None);
}
