//! Ledger rows for the report tests, written by hand, and the check that the rollups match the ledger.
#![allow(dead_code)]

use rusqlite::Connection;
use switchyard_core::cost::money::{Cost, PriceSource};
use switchyard_core::cost::report::{histogram, kept_zones, raw_cells, rollup_cells, Cell};
use switchyard_core::error::ErrorCategory;
use switchyard_core::ir::Usage;
use switchyard_core::origin::OriginKind;
use switchyard_core::store::ledger::{self, CallStatus, LedgerEntry};
use switchyard_core::store::migrations::{migrate, MIGRATIONS};
use switchyard_core::CacheUse;

pub const HOUR: i64 = 3_600_000;
pub const DAY: i64 = 24 * HOUR;
/// 2024-03-01T00:00:00Z.
pub const MAR_1: i64 = 19_783 * DAY;

pub fn db() -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = Connection::open(dir.path().join("usage.sqlite")).unwrap();
    migrate(&mut conn, MIGRATIONS).unwrap();
    (dir, conn)
}

pub fn usd(micros: i64) -> Option<Cost> {
    Some(Cost {
        micros,
        currency: "USD".into(),
        usd_micros: micros,
        usd_per_unit_micros: 1_000_000,
        source: PriceSource::GenaiPrices,
    })
}

/// An ok pane call to DeepSeek's deepseek-chat, unpriced, 100 ms.
pub fn call(at: i64) -> LedgerEntry {
    LedgerEntry {
        at,
        origin: "chat:p1".into(),
        origin_kind: OriginKind::Pane,
        access_key_id: None,
        conversation_id: Some("c1".into()),
        message_id: Some(format!("m{at}")),
        route: "deepseek-chat".into(),
        provider_id: Some("p1".into()),
        provider_name: Some("DeepSeek".into()),
        model: Some("deepseek-chat".into()),
        attempts: 1,
        status: CallStatus::Ok,
        error_category: None,
        streamed: true,
        usage: Usage::default(),
        latency_ms: 100,
        ttft_ms: None,
        trace_id: format!("t{at}"),
        cost: None,
        cache: Default::default(),
        saved_cost_usd_micros: None,
        saved_latency_ms: None,
    }
}

pub fn openai(mut e: LedgerEntry, model: &str) -> LedgerEntry {
    e.provider_id = Some("p2".into());
    e.provider_name = Some("OpenAI".into());
    e.model = Some(model.into());
    e
}

pub fn gateway(mut e: LedgerEntry, key: &str) -> LedgerEntry {
    e.origin = format!("gateway:{key}");
    e.origin_kind = OriginKind::Gateway;
    e.access_key_id = Some(key.into());
    e.conversation_id = None;
    e.message_id = None;
    e
}

pub fn failed(mut e: LedgerEntry, category: ErrorCategory) -> LedgerEntry {
    e.status = if category == ErrorCategory::Cancelled { CallStatus::Cancelled } else { CallStatus::Error };
    e.error_category = Some(category);
    e
}

pub fn tokens(input: u32, output: u32, read: u32, write: u32, reasoning: u32) -> Usage {
    Usage {
        input_tokens: input,
        output_tokens: output,
        cache_read_tokens: read,
        cache_write_tokens: write,
        reasoning_tokens: reasoning,
        estimated: false,
    }
}

pub fn insert(conn: &Connection, entries: &[LedgerEntry]) {
    for e in entries {
        ledger::insert(conn, e).unwrap();
    }
}

/// What a histogram reports for a value.
pub fn est(ms: i64) -> i64 {
    histogram::estimate(histogram::LOWER_MS[histogram::bucket_of(ms)])
}

/// Cells in key order, their JSON counts with keys in order (triggers and the backfill may write them apart).
pub fn sorted(mut cells: Vec<Cell>) -> Vec<Cell> {
    let canonical = |json: &str| serde_json::from_str::<serde_json::Value>(json).unwrap().to_string();
    for c in &mut cells {
        c.error_categories = canonical(&c.error_categories);
        c.latency_hist = canonical(&c.latency_hist);
        c.ttft_hist = canonical(&c.ttft_hist);
    }
    cells.sort_by(|a, b| {
        (a.day, &a.provider_id, &a.model, &a.origin_kind, &a.status).cmp(&(
            b.day,
            &b.provider_id,
            &b.model,
            &b.origin_kind,
            &b.status,
        ))
    });
    cells
}

pub fn assert_rollups_match_the_ledger(conn: &Connection) {
    for zone in kept_zones(conn).unwrap() {
        assert_eq!(
            sorted(rollup_cells(conn, zone).unwrap()),
            sorted(raw_cells(conn, i64::MIN, i64::MAX, zone).unwrap()),
            "zone {zone}"
        );
    }
    let query = |sql: &str| -> Vec<(i64, String, String, i64, i64)> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    assert_eq!(
        query("SELECT hour, provider_id, access_key_id, requests, cost_usd_micros FROM usage_spend_hourly ORDER BY 1, 2, 3"),
        query(
            "SELECT at / 3600000, coalesce(provider_id, ''), coalesce(access_key_id, ''), count(*), coalesce(sum(cost_usd_micros), 0)
             FROM ledger GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
        )
    );
}

/// Calls every 53 minutes over ten days, of both providers, all statuses, priced or not.
pub fn ten_days() -> Vec<LedgerEntry> {
    (0..272)
        .map(|i: i64| {
            let mut e = LedgerEntry {
                latency_ms: 50 + i * 37 % 4000,
                ttft_ms: (i % 2 == 0).then_some(i * 11 % 900),
                ..call(MAR_1 + i * 53 * 60_000)
            };
            if i % 3 == 0 {
                e = gateway(openai(e, "gpt-4o"), if i % 2 == 0 { "k1" } else { "k2" });
            }
            if i % 7 == 0 {
                e = failed(
                    e,
                    [ErrorCategory::Timeout, ErrorCategory::Upstream, ErrorCategory::Cancelled][(i % 3) as usize],
                );
            }
            e.cost = (i % 5 != 0).then(|| usd(i * 10)).flatten();
            e.usage = tokens(i as u32 * 3, i as u32, i as u32, 0, 1);
            match i % 11 {
                // Answered from the response cache: saved what the first call cost, and some time.
                1 => {
                    e.status = CallStatus::Cached;
                    e.error_category = None;
                    e.cache = CacheUse::Hit;
                    e.saved_cost_usd_micros = (i % 2 == 0).then_some(i * 7);
                    e.saved_latency_ms = Some(i * 13 % 2000);
                }
                2 | 3 => e.cache = CacheUse::Miss,
                _ => {}
            }
            e
        })
        .collect()
}
