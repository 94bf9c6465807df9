//! Budgets: a spending limit in US dollars per day, week or month — for everything, one provider, or one gateway
//! access key — and what happens at the limit. Windows are local calendar periods (weeks start on Monday).

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};

use super::money::usd_text;
use crate::error::{Error, ErrorCategory, Result};

/// Alerts are raised once per window as spending crosses each of these percentages of the limit.
pub const THRESHOLDS: [u32; 4] = [50, 80, 95, 100];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Budget {
    /// Empty for a budget not saved yet.
    pub id: String,
    pub name: String,
    pub scope: BudgetScope,
    pub period: BudgetPeriod,
    #[specta(type = specta_typescript::Number)]
    pub limit_usd_micros: i64,
    pub action: BudgetAction,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BudgetScope {
    Global,
    Provider { provider_id: String },
    AccessKey { key_id: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum BudgetPeriod {
    Day,
    Week,
    Month,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum BudgetAction {
    /// At 100% further calls in its scope are refused with `budget_exceeded` (free and local models excepted).
    Block,
    /// Only alerts.
    Notify,
}

/// A budget with where it stands in its current window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct BudgetStatus {
    pub budget: Budget,
    #[specta(type = specta_typescript::Number)]
    pub window_start_ms: i64,
    #[specta(type = specta_typescript::Number)]
    pub window_end_ms: i64,
    #[specta(type = specta_typescript::Number)]
    pub spent_usd_micros: i64,
    /// Held for calls still running: their most possible cost.
    #[specta(type = specta_typescript::Number)]
    pub reserved_usd_micros: i64,
    /// Spent as a percentage of the limit, rounded down.
    pub percent: u32,
}

impl Budget {
    pub fn validate(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(Error::invalid("budget_name_required", "A budget needs a name."));
        }
        if self.limit_usd_micros <= 0 {
            return Err(Error::invalid("budget_limit_invalid", "A budget's limit must be more than zero."));
        }
        match &self.scope {
            BudgetScope::Provider { provider_id: id } | BudgetScope::AccessKey { key_id: id } if id.is_empty() => {
                Err(Error::invalid("budget_scope_invalid", "Choose the provider or access key this budget is for."))
            }
            _ => Ok(()),
        }
    }

    /// Whether a call by `access_key` to `provider_id` counts against this budget.
    pub fn covers(&self, provider_id: &str, access_key: Option<&str>) -> bool {
        match &self.scope {
            BudgetScope::Global => true,
            BudgetScope::Provider { provider_id: p } => p == provider_id,
            BudgetScope::AccessKey { key_id } => access_key == Some(key_id.as_str()),
        }
    }
}

/// The local calendar window of `period` holding `now_ms`, as `[start, end)` in epoch ms.
pub fn window(period: BudgetPeriod, now_ms: i64, tz_offset_minutes: i32) -> (i64, i64) {
    let tz = FixedOffset::east_opt(tz_offset_minutes * 60).unwrap_or(FixedOffset::east_opt(0).unwrap());
    let now: DateTime<FixedOffset> = tz
        .timestamp_millis_opt(now_ms)
        .single()
        .unwrap_or_else(|| tz.timestamp_millis_opt(0).single().expect("the epoch exists in every fixed offset"));
    let today = now.date_naive();
    let (start, end) = match period {
        BudgetPeriod::Day => (today, today + Duration::days(1)),
        BudgetPeriod::Week => {
            let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64);
            (monday, monday + Duration::days(7))
        }
        BudgetPeriod::Month => {
            let first = today.with_day(1).expect("every month has a first day");
            let next = match first.month() {
                12 => NaiveDate::from_ymd_opt(first.year() + 1, 1, 1),
                m => NaiveDate::from_ymd_opt(first.year(), m + 1, 1),
            }
            .expect("the first of next month exists");
            (first, next)
        }
    };
    let ms = |d: NaiveDate| {
        let midnight = d.and_hms_opt(0, 0, 0).expect("midnight exists");
        tz.from_local_datetime(&midnight).single().map(|t| t.timestamp_millis()).unwrap_or(now_ms)
    };
    (ms(start), ms(end))
}

/// The system's current offset from UTC, in minutes.
pub fn local_offset_minutes() -> i32 {
    chrono::Local::now().offset().local_minus_utc() / 60
}

pub fn percent(spent: i64, limit: i64) -> u32 {
    if limit <= 0 {
        return 0;
    }
    ((spent.max(0) as i128 * 100) / limit as i128).min(u32::MAX as i128) as u32
}

pub fn exceeded(budget: &Budget, spent: i64) -> Error {
    Error::new(
        ErrorCategory::Budget,
        "budget_exceeded",
        format!(
            "The budget \"{}\" is used up ({} of {}); it blocks further calls until its period ends.",
            budget.name,
            usd_text(spent),
            usd_text(budget.limit_usd_micros)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-12-01 is a Tuesday. 10:30 UTC.
    const NOW: i64 = 1_796_121_000_000;
    const HOUR: i64 = 3_600_000;

    #[test]
    fn windows_are_local_calendar_periods() {
        let day0 = 1_796_083_200_000; // 2026-12-01T00:00Z
        assert_eq!(window(BudgetPeriod::Day, NOW, 0), (day0, day0 + 24 * HOUR));
        // At UTC+8 it is 18:30 on the same day, whose midnight is 16:00Z the day before.
        assert_eq!(window(BudgetPeriod::Day, NOW, 480), (day0 - 8 * HOUR, day0 + 16 * HOUR));
        // At UTC-11 it is still 30 November.
        assert_eq!(window(BudgetPeriod::Day, NOW, -660).0, day0 - 13 * HOUR);
        assert_eq!(window(BudgetPeriod::Week, NOW, 0), (day0 - 24 * HOUR, day0 + 6 * 24 * HOUR));
        let nov1 = day0 - 30 * 24 * HOUR;
        assert_eq!(window(BudgetPeriod::Month, day0 - 1, 0), (nov1, day0));
        let jan1 = day0 + 31 * 24 * HOUR;
        assert_eq!(window(BudgetPeriod::Month, NOW, 0), (day0, jan1), "December ends at the new year");
    }

    fn budget(scope: BudgetScope) -> Budget {
        Budget {
            id: String::new(),
            name: "Team".into(),
            scope,
            period: BudgetPeriod::Day,
            limit_usd_micros: 5_000_000,
            action: BudgetAction::Block,
        }
    }

    #[test]
    fn scopes_cover_their_calls_only() {
        assert!(budget(BudgetScope::Global).covers("p", None));
        let p = budget(BudgetScope::Provider { provider_id: "p".into() });
        assert!(p.covers("p", Some("k")) && !p.covers("q", None));
        let k = budget(BudgetScope::AccessKey { key_id: "k".into() });
        assert!(k.covers("q", Some("k")) && !k.covers("q", Some("j")) && !k.covers("q", None));
    }

    #[test]
    fn validation_names_the_problem() {
        assert!(budget(BudgetScope::Global).validate().is_ok());
        let unnamed = Budget { name: " ".into(), ..budget(BudgetScope::Global) };
        assert_eq!(unnamed.validate().unwrap_err().code, "budget_name_required");
        let zero = Budget { limit_usd_micros: 0, ..budget(BudgetScope::Global) };
        assert_eq!(zero.validate().unwrap_err().code, "budget_limit_invalid");
        let no_provider = budget(BudgetScope::Provider { provider_id: String::new() });
        assert_eq!(no_provider.validate().unwrap_err().code, "budget_scope_invalid");
        let no_key = budget(BudgetScope::AccessKey { key_id: String::new() });
        assert_eq!(no_key.validate().unwrap_err().code, "budget_scope_invalid");
    }

    #[test]
    fn percent_rounds_down_and_the_error_says_the_amounts() {
        assert_eq!(percent(4_999_999, 5_000_000), 99);
        assert_eq!(percent(5_000_000, 5_000_000), 100);
        assert_eq!(percent(-1, 5), 0);
        assert_eq!(percent(1, 0), 0);
        let e = exceeded(&budget(BudgetScope::Global), 5_120_000);
        assert_eq!((e.code.as_str(), e.category, e.retriable), ("budget_exceeded", ErrorCategory::Budget, false));
        assert!(e.message.contains("$5.12 of $5.00"), "{}", e.message);
    }
}
