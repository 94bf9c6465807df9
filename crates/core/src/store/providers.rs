//! The providers table. A provider row names its key's keychain account; the key never lands here.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct HeaderPair {
    pub name: String,
    pub value: String,
}

/// What the UI sees of a provider: whether a key is stored, never the key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ProviderRecord {
    pub id: String,
    pub name: String,
    pub preset: String,
    pub base_url: String,
    pub has_key: bool,
    pub extra_headers: Vec<HeaderPair>,
    pub default_model: Option<String>,
    pub models: Vec<String>,
    #[specta(type = specta_typescript::Number)]
    pub created_at: i64,
    #[specta(type = specta_typescript::Number)]
    pub updated_at: i64,
}

pub struct ProviderRow {
    pub record: ProviderRecord,
    pub key_ref: Option<String>,
}

const COLUMNS: &str =
    "id, name, preset, base_url, key_ref, extra_headers, default_model, models, created_at, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<ProviderRow> {
    let key_ref: Option<String> = r.get(4)?;
    let headers: String = r.get(5)?;
    let models: String = r.get(7)?;
    Ok(ProviderRow {
        record: ProviderRecord {
            id: r.get(0)?,
            name: r.get(1)?,
            preset: r.get(2)?,
            base_url: r.get(3)?,
            has_key: key_ref.is_some(),
            extra_headers: serde_json::from_str(&headers).unwrap_or_default(),
            default_model: r.get(6)?,
            models: serde_json::from_str(&models).unwrap_or_default(),
            created_at: r.get(8)?,
            updated_at: r.get(9)?,
        },
        key_ref,
    })
}

pub fn list(conn: &Connection) -> Result<Vec<ProviderRecord>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM providers ORDER BY created_at, id"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.map(|r| r.map(|p| p.record)).collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<ProviderRow> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM providers WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("provider", id))
}

pub fn upsert(conn: &Connection, record: &ProviderRecord, key_ref: Option<&str>) -> Result<()> {
    conn.execute(
        "INSERT INTO providers (id, name, preset, base_url, key_ref, extra_headers, default_model, models, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT(id) DO UPDATE SET name = ?2, preset = ?3, base_url = ?4, key_ref = ?5, extra_headers = ?6,
             default_model = ?7, models = ?8, updated_at = ?10",
        params![
            record.id,
            record.name,
            record.preset,
            record.base_url,
            key_ref,
            serde_json::to_string(&record.extra_headers).unwrap_or_else(|_| "[]".into()),
            record.default_model,
            serde_json::to_string(&record.models).unwrap_or_else(|_| "[]".into()),
            record.created_at,
            record.updated_at,
        ],
    )?;
    Ok(())
}

pub fn set_models(conn: &Connection, id: &str, models: &[String], now: i64) -> Result<()> {
    let changed = conn.execute(
        "UPDATE providers SET models = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, serde_json::to_string(models).unwrap_or_else(|_| "[]".into()), now],
    )?;
    if changed == 0 {
        return Err(Error::not_found("provider", id));
    }
    Ok(())
}

pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    if conn.execute("DELETE FROM providers WHERE id = ?1", [id])? == 0 {
        return Err(Error::not_found("provider", id));
    }
    Ok(())
}
