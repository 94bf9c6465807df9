//! Budgets, the alerts they raised, and what has been spent in a budget's scope.

use rusqlite::{params, Connection, Row};

use crate::cost::budgets::{Budget, BudgetAction, BudgetPeriod, BudgetScope};
use crate::error::{Error, Result};
use crate::store::{enum_from, enum_text};

fn parse<T: for<'de> serde::Deserialize<'de>>(s: String) -> rusqlite::Result<T> {
    enum_from(&s).ok_or(rusqlite::Error::InvalidColumnType(0, s, rusqlite::types::Type::Text))
}

fn scope_columns(scope: &BudgetScope) -> (&'static str, Option<&str>) {
    match scope {
        BudgetScope::Global => ("global", None),
        BudgetScope::Provider { provider_id } => ("provider", Some(provider_id)),
        BudgetScope::AccessKey { key_id } => ("access_key", Some(key_id)),
    }
}

fn from_row(r: &Row) -> rusqlite::Result<Budget> {
    let (kind, scope_id): (String, Option<String>) = (r.get(2)?, r.get(3)?);
    let scope = match (kind.as_str(), scope_id) {
        ("provider", Some(provider_id)) => BudgetScope::Provider { provider_id },
        ("access_key", Some(key_id)) => BudgetScope::AccessKey { key_id },
        _ => BudgetScope::Global,
    };
    Ok(Budget {
        id: r.get(0)?,
        name: r.get(1)?,
        scope,
        period: parse::<BudgetPeriod>(r.get(4)?)?,
        limit_usd_micros: r.get(5)?,
        action: parse::<BudgetAction>(r.get(6)?)?,
    })
}

pub fn list(conn: &Connection) -> Result<Vec<Budget>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, scope_kind, scope_id, period, limit_usd_micros, action FROM budgets ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn upsert(conn: &Connection, b: &Budget, now: i64) -> Result<()> {
    let (kind, scope_id) = scope_columns(&b.scope);
    conn.execute(
        "INSERT INTO budgets (id, name, scope_kind, scope_id, period, limit_usd_micros, action, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
         ON CONFLICT(id) DO UPDATE SET name = ?2, scope_kind = ?3, scope_id = ?4, period = ?5,
            limit_usd_micros = ?6, action = ?7, updated_at = ?8",
        params![b.id, b.name, kind, scope_id, enum_text(&b.period), b.limit_usd_micros, enum_text(&b.action), now],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    match conn.execute("DELETE FROM budgets WHERE id = ?1", [id])? {
        0 => Err(Error::not_found("budget", id)),
        _ => Ok(()),
    }
}

/// Records an alert; false when this threshold was already raised in this window.
pub fn record_alert(conn: &Connection, budget_id: &str, window_start: i64, threshold: u32, at: i64) -> Result<bool> {
    let inserted = conn.execute(
        "INSERT OR IGNORE INTO budget_alerts (budget_id, window_start, threshold, at)
         SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM budgets WHERE id = ?1)",
        params![budget_id, window_start, threshold, at],
    )?;
    Ok(inserted == 1)
}

/// The thresholds already raised for a budget in the window starting at `window_start`.
pub fn alerts_in(conn: &Connection, budget_id: &str, window_start: i64) -> Result<Vec<u32>> {
    let mut stmt = conn
        .prepare("SELECT threshold FROM budget_alerts WHERE budget_id = ?1 AND window_start = ?2 ORDER BY threshold")?;
    let rows = stmt.query_map(params![budget_id, window_start], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrations::{migrate, MIGRATIONS};

    fn db() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, MIGRATIONS).unwrap();
        conn
    }

    fn budget(id: &str, scope: BudgetScope) -> Budget {
        Budget {
            id: id.into(),
            name: "B".into(),
            scope,
            period: BudgetPeriod::Week,
            limit_usd_micros: 5,
            action: BudgetAction::Notify,
        }
    }

    #[test]
    fn budgets_round_trip_with_every_scope_and_update_in_place() {
        let conn = db();
        let all = [
            budget("a", BudgetScope::Global),
            budget("b", BudgetScope::Provider { provider_id: "p".into() }),
            budget("c", BudgetScope::AccessKey { key_id: "k".into() }),
        ];
        for (i, b) in all.iter().enumerate() {
            upsert(&conn, b, i as i64).unwrap();
        }
        assert_eq!(list(&conn).unwrap(), all);
        let changed = Budget { limit_usd_micros: 9, action: BudgetAction::Block, ..all[1].clone() };
        upsert(&conn, &changed, 10).unwrap();
        assert_eq!(list(&conn).unwrap()[1], changed);
        delete(&conn, "a").unwrap();
        assert_eq!(delete(&conn, "a").unwrap_err().code, "budget_not_found");
        assert_eq!(list(&conn).unwrap().len(), 2);
    }

    #[test]
    fn an_alert_is_recorded_once_per_window_and_only_for_an_existing_budget() {
        let conn = db();
        upsert(&conn, &budget("a", BudgetScope::Global), 0).unwrap();
        assert!(record_alert(&conn, "a", 100, 50, 1).unwrap());
        assert!(!record_alert(&conn, "a", 100, 50, 2).unwrap(), "the same threshold in the same window");
        assert!(record_alert(&conn, "a", 200, 50, 3).unwrap(), "a new window alerts again");
        assert!(record_alert(&conn, "a", 100, 80, 4).unwrap());
        assert!(!record_alert(&conn, "gone", 100, 50, 5).unwrap());
        assert_eq!(alerts_in(&conn, "a", 100).unwrap(), [50, 80]);
        delete(&conn, "a").unwrap();
        assert!(alerts_in(&conn, "a", 100).unwrap().is_empty(), "alerts go with their budget");
    }
}
