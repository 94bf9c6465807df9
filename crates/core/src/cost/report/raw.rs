//! Cells added up from the raw ledger in Rust: for the parts of a range the rollup cannot serve, and to
//! backfill a newly kept zone. It reads each row once in storage order; SQL's group-by over JSON was ~10×
//! slower here.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, Connection, Row};

use super::cells::Cell;
use super::days::local_day;
use super::histogram::{Histogram, LOWER_MS};
use crate::error::Result;

#[derive(Default)]
struct Totals {
    /// The name of the newest row that has one, as the rollup trigger keeps it.
    provider_name: Option<(i64, String)>,
    requests: u64,
    input_tokens: u64,
    output_tokens: u64,
    cache_read_tokens: u64,
    cache_write_tokens: u64,
    reasoning_tokens: u64,
    cost_usd_micros: i64,
    unpriced: u64,
    error_categories: BTreeMap<String, u64>,
    latency: Histogram,
    ttft: Histogram,
    cache_misses: u64,
    saved_cost_usd_micros: i64,
    saved_latency_ms: i64,
}

/// Small texts (ids, models, kinds) seen again and again, numbered so keys are cheap.
#[derive(Default)]
struct Names {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Names {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        self.names.push(name.to_owned());
        self.ids.insert(name.to_owned(), self.names.len() as u32 - 1);
        self.names.len() as u32 - 1
    }
}

type Key = (i64, u32, u32, u32, u32);

fn optional_text<'r>(r: &'r Row, index: usize) -> rusqlite::Result<Option<&'r str>> {
    Ok(r.get_ref(index)?.as_str_or_null()?)
}

/// NULL reads as "", as the rollup keys it.
fn text<'r>(r: &'r Row, index: usize) -> rusqlite::Result<&'r str> {
    Ok(optional_text(r, index)?.unwrap_or(""))
}

fn count(r: &Row, index: usize) -> rusqlite::Result<u64> {
    Ok(r.get::<_, i64>(index)?.max(0) as u64)
}

/// The calls in [from_ms, to_ms) as cells, local days at `tz_offset_minutes`.
pub fn cells(conn: &Connection, from_ms: i64, to_ms: i64, tz_offset_minutes: i32) -> Result<Vec<Cell>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, provider_id, model, origin_kind, status, provider_name, input_tokens, output_tokens,
            cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd_micros, error_category, latency_ms,
            ttft_ms, cache, saved_cost_usd_micros, saved_latency_ms
         FROM ledger WHERE at >= ?1 AND at < ?2",
    )?;
    let mut rows = stmt.query(params![from_ms, to_ms])?;
    let mut names = Names::default();
    let mut cells: HashMap<Key, Totals> = HashMap::new();
    while let Some(r) = rows.next()? {
        let key = (
            local_day(r.get(1)?, tz_offset_minutes),
            names.id(text(r, 2)?),
            names.id(text(r, 3)?),
            names.id(text(r, 4)?),
            names.id(text(r, 5)?),
        );
        let t = cells.entry(key).or_default();
        let id: i64 = r.get(0)?;
        if let Some(name) = optional_text(r, 6)? {
            if t.provider_name.as_ref().is_none_or(|(newest, _)| id > *newest) {
                t.provider_name = Some((id, name.to_owned()));
            }
        }
        t.requests += 1;
        t.input_tokens += count(r, 7)?;
        t.output_tokens += count(r, 8)?;
        t.cache_read_tokens += count(r, 9)?;
        t.cache_write_tokens += count(r, 10)?;
        t.reasoning_tokens += count(r, 11)?;
        match r.get::<_, Option<i64>>(12)? {
            Some(cost) => t.cost_usd_micros += cost,
            None => t.unpriced += 1,
        }
        if text(r, 5)? == "error" {
            if let Some(category) = optional_text(r, 13)? {
                *t.error_categories.entry(category.to_owned()).or_default() += 1;
            }
        }
        t.latency.record(r.get(14)?);
        // A negative first-token time is no measurement, as in the rollup trigger.
        if let Some(ttft) = r.get::<_, Option<i64>>(15)?.filter(|ms| *ms >= 0) {
            t.ttft.record(ttft);
        }
        t.cache_misses += (optional_text(r, 16)? == Some("miss")) as u64;
        t.saved_cost_usd_micros += r.get::<_, Option<i64>>(17)?.unwrap_or(0);
        t.saved_latency_ms += r.get::<_, Option<i64>>(18)?.unwrap_or(0);
    }
    let name = |id: u32| names.names[id as usize].clone();
    Ok(cells
        .into_iter()
        .map(|((day, provider_id, model, origin_kind, status), t)| Cell {
            day,
            provider_id: name(provider_id),
            model: name(model),
            origin_kind: name(origin_kind),
            status: name(status),
            provider_name: t.provider_name.map(|(_, name)| name),
            requests: t.requests,
            input_tokens: t.input_tokens,
            output_tokens: t.output_tokens,
            cache_read_tokens: t.cache_read_tokens,
            cache_write_tokens: t.cache_write_tokens,
            reasoning_tokens: t.reasoning_tokens,
            cost_usd_micros: t.cost_usd_micros,
            unpriced: t.unpriced,
            error_categories: json_object(t.error_categories.iter().map(|(k, v)| (k.clone(), *v))),
            latency_hist: json_object(histogram_pairs(&t.latency)),
            ttft_hist: json_object(histogram_pairs(&t.ttft)),
            cache_misses: t.cache_misses,
            saved_cost_usd_micros: t.saved_cost_usd_micros,
            saved_latency_ms: t.saved_latency_ms,
        })
        .collect())
}

fn histogram_pairs(h: &Histogram) -> impl Iterator<Item = (String, u64)> + '_ {
    h.counts().iter().enumerate().filter(|(_, n)| **n > 0).map(|(bucket, n)| (LOWER_MS[bucket].to_string(), *n))
}

/// `{"key":count,…}` as the rollup stores it (keys here are bucket bounds and category names: no escaping).
fn json_object(pairs: impl Iterator<Item = (String, u64)>) -> String {
    let body: Vec<String> = pairs.map(|(k, v)| format!("\"{k}\":{v}")).collect();
    format!("{{{}}}", body.join(","))
}
