//! Local access keys for the gateway. Only a sha256 hash is kept; the key itself is shown once, at creation.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::rate_limit::RateLimits;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// POST /v1/chat/completions, /v1/messages, /v1/messages/count_tokens
    Chat,
    /// GET /v1/models
    Models,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct AccessKey {
    pub id: String,
    pub name: String,
    /// e.g. `sy-1a2b3c…`, enough to recognise a key without revealing it.
    pub prefix: String,
    pub scopes: Vec<Scope>,
    #[specta(type = specta_typescript::Number)]
    pub created_at: i64,
    #[specta(type = Option<specta_typescript::Number>)]
    pub revoked_at: Option<i64>,
    #[serde(default)]
    pub limits: RateLimits,
}

pub fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

const COLUMNS: &str = "id, name, prefix, scopes, created_at, revoked_at, rpm_limit, tpm_limit";

fn from_row(r: &Row) -> rusqlite::Result<AccessKey> {
    let scopes: String = r.get(3)?;
    Ok(AccessKey {
        id: r.get(0)?,
        name: r.get(1)?,
        prefix: r.get(2)?,
        scopes: serde_json::from_str(&scopes).unwrap_or_default(),
        created_at: r.get(4)?,
        revoked_at: r.get(5)?,
        limits: RateLimits { requests_per_minute: r.get(6)?, tokens_per_minute: r.get(7)? },
    })
}

pub fn insert(conn: &Connection, key: &AccessKey, secret_hash: &str) -> Result<()> {
    conn.execute(
        &format!("INSERT INTO access_keys ({COLUMNS}, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
        params![
            key.id,
            key.name,
            key.prefix,
            serde_json::to_string(&key.scopes).unwrap_or_else(|_| "[]".into()),
            key.created_at,
            key.revoked_at,
            key.limits.requests_per_minute,
            key.limits.tokens_per_minute,
            secret_hash
        ],
    )?;
    Ok(())
}

pub fn list(conn: &Connection) -> Result<Vec<AccessKey>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM access_keys ORDER BY created_at, id"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<AccessKey> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM access_keys WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("access_key", id))
}

/// The key whose hash matches, revoked or not (the caller decides what a revoked key means).
pub fn find_by_hash(conn: &Connection, secret_hash: &str) -> Result<Option<AccessKey>> {
    Ok(conn
        .query_row(&format!("SELECT {COLUMNS} FROM access_keys WHERE hash = ?1"), [secret_hash], from_row)
        .optional()?)
}

pub fn revoke(conn: &Connection, id: &str, now: i64) -> Result<()> {
    if conn.execute("UPDATE access_keys SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1", params![id, now])?
        == 0
    {
        return Err(Error::not_found("access_key", id));
    }
    Ok(())
}

/// A key keeps its id (and its rows in the ledger) when its secret, name or scopes change.
pub fn replace(
    conn: &Connection,
    id: &str,
    name: &str,
    prefix: &str,
    scopes: &[Scope],
    secret_hash: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE access_keys SET name = ?2, prefix = ?3, scopes = ?4, hash = ?5 WHERE id = ?1",
        params![id, name, prefix, serde_json::to_string(scopes).unwrap_or_else(|_| "[]".into()), secret_hash],
    )?;
    Ok(())
}

pub fn set_limits(conn: &Connection, id: &str, limits: RateLimits) -> Result<()> {
    let changed = conn.execute(
        "UPDATE access_keys SET rpm_limit = ?2, tpm_limit = ?3 WHERE id = ?1",
        params![id, limits.requests_per_minute, limits.tokens_per_minute],
    )?;
    if changed == 0 {
        return Err(Error::not_found("access_key", id));
    }
    Ok(())
}

pub fn touch(conn: &Connection, id: &str, now: i64) -> Result<()> {
    conn.execute("UPDATE access_keys SET last_used_at = ?2 WHERE id = ?1", params![id, now])?;
    Ok(())
}
