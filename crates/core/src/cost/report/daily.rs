//! Yesterday-style report: one local day's spend by provider and model, with the month to date.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::cells;
use super::days::{self, day_label, local_day, month_start};
use super::types::{DailyReport, SpendLine};
use crate::error::Result;

/// The local day that holds `day_start_ms` (meant to be its midnight) at `tz_offset_minutes`.
pub fn daily(conn: &Connection, day_start_ms: i64, tz_offset_minutes: i32) -> Result<DailyReport> {
    let day = local_day(day_start_ms, tz_offset_minutes);
    let month = cells::in_range(
        conn,
        days::day_start_ms(month_start(day), tz_offset_minutes),
        days::day_start_ms(day + 1, tz_offset_minutes),
        tz_offset_minutes,
    )?;
    let mut lines: BTreeMap<(&str, &str), SpendLine> = BTreeMap::new();
    let (mut total, mut unpriced, mut month_to_date) = (0, 0, 0);
    for c in &month {
        month_to_date += c.cost_usd_micros;
        if c.day != day {
            continue;
        }
        total += c.cost_usd_micros;
        unpriced += c.unpriced;
        let line = lines.entry((&c.provider_id, &c.model)).or_insert_with(|| SpendLine {
            provider_id: Some(c.provider_id.clone()).filter(|p| !p.is_empty()),
            provider_name: c.provider_name.clone(),
            model: Some(c.model.clone()).filter(|m| !m.is_empty()),
            cost_usd_micros: 0,
            requests: 0,
            unpriced: 0,
        });
        line.cost_usd_micros += c.cost_usd_micros;
        line.requests += c.requests;
        line.unpriced += c.unpriced;
    }
    let mut lines: Vec<SpendLine> = lines.into_values().collect();
    lines.sort_by(|a, b| b.cost_usd_micros.cmp(&a.cost_usd_micros).then(b.requests.cmp(&a.requests)));
    Ok(DailyReport {
        day: day_label(day),
        lines,
        total_usd_micros: total,
        unpriced,
        month_to_date_usd_micros: month_to_date,
    })
}
