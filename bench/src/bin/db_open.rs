//! What checking the database at open costs: fills a fresh database (real migrations, rollup triggers on) with a
//! ledger of N rows, then times `PRAGMA quick_check` (what every start runs), a whole `Store::open`, and
//! `PRAGMA integrity_check` (what `doctor` runs), each the median of 3 runs with the file in the OS cache.
//!
//! Usage: db-open [rows]      (default 1,000,000)
//!   CARGO_TARGET_DIR=… cargo run -p switchyard-bench --release --bin db-open

use std::time::Instant;

use rusqlite::{params, Connection};
use switchyard_core::store::Store;

fn median_s(mut f: impl FnMut()) -> f64 {
    let mut runs: Vec<f64> = (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    runs[1]
}

fn check(conn: &Connection, pragma: &str) {
    let found: String = conn.query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0)).unwrap();
    assert_eq!(found, "ok");
}

fn main() {
    let rows: u64 = std::env::args().nth(1).map(|a| a.replace('_', "").parse().expect("rows")).unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("switchyard.sqlite");
    drop(Store::open(&path).unwrap());
    let started = Instant::now();
    {
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
        let tx = conn.transaction().unwrap();
        {
            let mut insert = tx
                .prepare(
                    "INSERT INTO ledger (at, origin, route, provider_id, provider_name, model, attempts, status,
                        streamed, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
                        reasoning_tokens, usage_estimated, latency_ms, ttft_ms, trace_id, origin_kind, access_key_id,
                        cost_micros, currency, cost_usd_micros, usd_per_unit_micros, price_source)
                     VALUES (?1, 'gateway:ci', 'fast', ?2, 'DeepSeek', 'deepseek-chat', 1, 'ok', 1, ?3, ?4, 0, 0, 0,
                        0, ?5, 80, ?6, 'gateway', 'key-1', ?7, 'USD', ?7, 1000000, 'genai_prices')",
                )
                .unwrap();
            let start_ms = 1_772_443_800_000i64 - 90 * 86_400_000;
            for i in 0..rows as i64 {
                let trace = format!("{:032x}", (i as u128).wrapping_mul(0x9E37_79B9_7F4A_7C15));
                insert
                    .execute(params![
                        start_ms + i * 7_776,
                        format!("p{}", i % 6),
                        100 + i % 5_000,
                        10 + i % 900,
                        200 + i % 3_000,
                        trace,
                        i % 20_000
                    ])
                    .unwrap();
            }
        }
        tx.commit().unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    }
    let bytes = std::fs::metadata(&path).unwrap().len();
    println!(
        "filled {rows} ledger rows in {:.1} s; database {:.0} MB ({:.0} bytes/row with indexes and rollups)",
        started.elapsed().as_secs_f64(),
        bytes as f64 / 1e6,
        bytes as f64 / rows as f64
    );
    let conn = Connection::open(&path).unwrap();
    let quick = median_s(|| check(&conn, "quick_check"));
    let integrity = median_s(|| check(&conn, "integrity_check"));
    drop(conn);
    let open = median_s(|| drop(Store::open(&path).unwrap()));
    println!("quick_check at open:        {:.3} s  (median of 3, {rows} ledger rows)", quick);
    println!("Store::open, checks and all: {:.3} s", open);
    println!("integrity_check (doctor):   {:.3} s", integrity);
}
