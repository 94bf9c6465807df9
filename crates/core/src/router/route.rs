//! Routes: the model name a client sends, mapped to an ordered list of (provider, model) targets and a strategy.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// In order; the next target only when the one before fails.
    Priority,
    /// Spread by weight; the others are the fallbacks.
    Weighted,
    /// The target with the lowest observed time to first byte first.
    Latency,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct RouteTarget {
    pub provider_id: String,
    pub model: String,
    /// Used by the weighted strategy; 0 counts as 1.
    pub weight: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Route {
    pub name: String,
    pub strategy: Strategy,
    pub targets: Vec<RouteTarget>,
    /// Refuse a target that would lose fields of a gateway request (another dialect has no counterpart), instead of
    /// dropping them and naming them in `x-switchyard-dropped-fields`.
    #[serde(default)]
    pub strict: bool,
    /// The response cache's policy for this route; None follows Settings.
    #[serde(default)]
    pub cache: Option<crate::cache::CachePolicy>,
    /// Keep answers that end in tool calls (off: a tool's result may differ next time).
    #[serde(default)]
    pub cache_tool_calls: bool,
}

impl Route {
    pub fn validate(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(Error::invalid("route_name_required", "A route needs the model name clients will send."));
        }
        if self.targets.is_empty() {
            return Err(Error::invalid("route_targets_required", "A route needs at least one target."));
        }
        if self.targets.iter().any(|t| t.model.trim().is_empty()) {
            return Err(Error::invalid("route_model_required", "Every target needs a model."));
        }
        Ok(())
    }
}

fn strategy_text(s: Strategy) -> &'static str {
    match s {
        Strategy::Priority => "priority",
        Strategy::Weighted => "weighted",
        Strategy::Latency => "latency",
    }
}

fn strategy_from(s: &str) -> Strategy {
    match s {
        "weighted" => Strategy::Weighted,
        "latency" => Strategy::Latency,
        _ => Strategy::Priority,
    }
}

pub fn upsert(conn: &Connection, route: &Route, now: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO routes (name, strategy, targets, strict, cache_policy, cache_tool_calls, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?6, ?7, ?5, ?5)
         ON CONFLICT(name) DO UPDATE SET strategy = ?2, targets = ?3, strict = ?4, cache_policy = ?6,
             cache_tool_calls = ?7, updated_at = ?5",
        params![
            route.name.trim(),
            strategy_text(route.strategy),
            serde_json::to_string(&route.targets).unwrap_or_default(),
            route.strict,
            now,
            route.cache.as_ref().map(crate::store::enum_text),
            route.cache_tool_calls,
        ],
    )?;
    Ok(())
}

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Route> {
    let strategy: String = r.get(1)?;
    let targets: String = r.get(2)?;
    Ok(Route {
        name: r.get(0)?,
        strategy: strategy_from(&strategy),
        targets: serde_json::from_str(&targets).unwrap_or_default(),
        strict: r.get(3)?,
        cache: r.get::<_, Option<String>>(4)?.and_then(|p| crate::store::enum_from(&p)),
        cache_tool_calls: r.get(5)?,
    })
}

pub fn list(conn: &Connection) -> Result<Vec<Route>> {
    let mut stmt = conn
        .prepare("SELECT name, strategy, targets, strict, cache_policy, cache_tool_calls FROM routes ORDER BY name")?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, name: &str) -> Result<Option<Route>> {
    Ok(conn
        .query_row(
            "SELECT name, strategy, targets, strict, cache_policy, cache_tool_calls FROM routes WHERE name = ?1",
            [name],
            from_row,
        )
        .optional()?)
}

pub fn delete(conn: &Connection, name: &str) -> Result<()> {
    if conn.execute("DELETE FROM routes WHERE name = ?1", [name])? == 0 {
        return Err(Error::not_found("route", name));
    }
    Ok(())
}
