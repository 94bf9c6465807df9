//! The dashboard's report: totals, per-day charts and the filter menus, added up from cells.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::cells::{self, Cell};
use super::days::day_label;
use super::filter::Dimensions;
use super::histogram::{json_counts, Histogram};
use super::types::*;
use crate::error::{ErrorCategory, Result};

/// Days without calls have no points; the chart fills them.
pub fn usage_report(conn: &Connection, filter: &UsageFilter, group: SpendGroup) -> Result<UsageReport> {
    let all = cells::in_range(conn, filter.from_ms, filter.to_ms, filter.tz_offset_minutes)?;
    let options = options(&all);
    let dims = Dimensions::of(filter);
    let cells: Vec<&Cell> =
        all.iter().filter(|c| dims.matches(&c.provider_id, &c.model, &c.origin_kind, &c.status)).collect();
    Ok(UsageReport {
        totals: totals(&cells),
        spend: spend(&cells, group),
        tokens: tokens(&cells),
        requests: requests(&cells),
        latency: latency(&cells),
        options,
    })
}

/// The provider's name from its newest day's cell.
fn options(cells: &[Cell]) -> FilterOptions {
    let mut providers: BTreeMap<&str, (i64, &str)> = BTreeMap::new();
    let mut models: Vec<String> = Vec::new();
    for c in cells {
        if !c.provider_id.is_empty() {
            let name = c.provider_name.as_deref().unwrap_or(&c.provider_id);
            let seen = providers.entry(&c.provider_id).or_insert((c.day, name));
            if c.day > seen.0 {
                *seen = (c.day, name);
            }
        }
        if !c.model.is_empty() && !models.contains(&c.model) {
            models.push(c.model.clone());
        }
    }
    models.sort();
    let mut providers: Vec<NamedId> =
        providers.into_iter().map(|(id, (_, name))| NamedId { id: id.into(), name: name.into() }).collect();
    providers.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    FilterOptions { providers, models }
}

fn totals(cells: &[&Cell]) -> UsageTotals {
    let mut t = UsageTotals::default();
    for c in cells {
        t.requests += c.requests;
        match c.status.as_str() {
            "ok" => t.ok += c.requests,
            "cancelled" => t.cancelled += c.requests,
            "cached" => t.cached += c.requests,
            _ => t.errors += c.requests,
        }
        if c.status == "cached" {
            t.cache.hits += c.requests;
        }
        t.cache.misses += c.cache_misses;
        t.cache.saved_cost_usd_micros += c.saved_cost_usd_micros;
        t.cache.saved_latency_ms += c.saved_latency_ms;
        t.unpriced_requests += c.unpriced;
        t.cost_usd_micros += c.cost_usd_micros;
        t.input_tokens += c.input_tokens;
        t.output_tokens += c.output_tokens;
        t.cache_read_tokens += c.cache_read_tokens;
        t.cache_write_tokens += c.cache_write_tokens;
        t.reasoning_tokens += c.reasoning_tokens;
    }
    t
}

fn spend(cells: &[&Cell], group: SpendGroup) -> Vec<SpendPoint> {
    let mut points: BTreeMap<(i64, &str), SpendPoint> = BTreeMap::new();
    for c in cells {
        let (key, label) = match group {
            SpendGroup::Provider => (c.provider_id.as_str(), c.provider_name.as_deref().unwrap_or(&c.provider_id)),
            SpendGroup::Model => (c.model.as_str(), c.model.as_str()),
        };
        let p = points.entry((c.day, key)).or_insert_with(|| SpendPoint {
            day: day_label(c.day),
            key: key.into(),
            label: label.into(),
            cost_usd_micros: 0,
            requests: 0,
            unpriced: 0,
        });
        p.cost_usd_micros += c.cost_usd_micros;
        p.requests += c.requests;
        p.unpriced += c.unpriced;
    }
    points.into_values().collect()
}

fn tokens(cells: &[&Cell]) -> Vec<TokenPoint> {
    let mut days: BTreeMap<i64, [u64; 5]> = BTreeMap::new();
    for c in cells {
        let d = days.entry(c.day).or_default();
        d[0] += c.input_tokens;
        d[1] += c.output_tokens;
        d[2] += c.cache_read_tokens;
        d[3] += c.cache_write_tokens;
        d[4] += c.reasoning_tokens;
    }
    days.into_iter()
        .map(|(day, [input, output, read, write, reasoning])| TokenPoint {
            day: day_label(day),
            input_tokens: input.saturating_sub(read + write),
            output_tokens: output,
            cache_read_tokens: read,
            cache_write_tokens: write,
            reasoning_tokens: reasoning,
        })
        .collect()
}

fn requests(cells: &[&Cell]) -> Vec<RequestPoint> {
    let mut days: BTreeMap<i64, Vec<&Cell>> = BTreeMap::new();
    for c in cells {
        days.entry(c.day).or_default().push(c);
    }
    days.into_iter()
        .map(|(day, cells)| {
            let t = totals(&cells);
            let mut categories: BTreeMap<&str, u64> = BTreeMap::new();
            for c in cells.iter().filter(|c| c.status == "error") {
                for (category, count) in json_counts(&c.error_categories) {
                    *categories.entry(category).or_default() += count;
                }
            }
            let mut by_category: Vec<CategoryCount> = categories
                .into_iter()
                .filter_map(|(name, count)| Some(CategoryCount { category: category_from(name)?, count }))
                .collect();
            by_category.sort_by_key(|c| std::cmp::Reverse(c.count));
            RequestPoint {
                day: day_label(day),
                requests: t.requests,
                ok: t.ok,
                errors: t.errors,
                cancelled: t.cancelled,
                cached: t.cached,
                by_category,
            }
        })
        .collect()
}

fn category_from(name: &str) -> Option<ErrorCategory> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}

fn latency(cells: &[&Cell]) -> Vec<LatencyPoint> {
    let mut days: BTreeMap<i64, (Histogram, Histogram)> = BTreeMap::new();
    for c in cells {
        let (latency, ttft) = days.entry(c.day).or_default();
        latency.add_json(&c.latency_hist);
        ttft.add_json(&c.ttft_hist);
    }
    days.into_iter()
        .filter_map(|(day, (latency, ttft))| {
            Some(LatencyPoint {
                day: day_label(day),
                latency_p50_ms: latency.percentile(50)?,
                latency_p95_ms: latency.percentile(95)?,
                ttft_p50_ms: ttft.percentile(50),
                ttft_p95_ms: ttft.percentile(95),
            })
        })
        .collect()
}
