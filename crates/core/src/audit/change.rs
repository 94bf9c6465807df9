//! What of each subject the audit log records, and the row a change makes: none when nothing recorded changed.

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::{AuditAction, SubjectKind};
use crate::cost::budgets::Budget;
use crate::cost::pricing::PriceOverride;
use crate::router::route::Route;
use crate::settings::Settings;
use crate::store::access_keys::AccessKey;
use crate::store::providers::ProviderRecord;

/// A row about to be appended.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub action: AuditAction,
    pub kind: SubjectKind,
    pub subject_id: String,
    pub subject_name: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

impl Change {
    fn between(kind: SubjectKind, id: &str, name: &str, old: Option<Value>, new: Option<Value>) -> Option<Self> {
        let action = match (&old, &new) {
            (None, None) => return None,
            (Some(o), Some(n)) if o == n => return None,
            (None, Some(_)) => AuditAction::Created,
            (Some(_), None) => AuditAction::Deleted,
            (Some(_), Some(_)) => AuditAction::Updated,
        };
        Some(Self { action, kind, subject_id: id.to_owned(), subject_name: name.to_owned(), old, new })
    }

    pub fn action(mut self, action: AuditAction) -> Self {
        self.action = action;
        self
    }
}

fn subject<'a, T>(old: Option<&'a T>, new: Option<&'a T>) -> Option<&'a T> {
    new.or(old)
}

fn to_value(v: &impl Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// What became of a provider's API key in a save; its value is never recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderKey {
    /// Kept as it was (or removed: `has_key` says which).
    Unchanged,
    /// A key was typed in, replacing the stored one if there was one.
    Given,
}

fn provider_view(p: &ProviderRecord, key: &str) -> Value {
    // Extra header values may be secrets (an `x-api-key`, a bearer token): names only.
    let headers: Vec<&str> = p.extra_headers.iter().map(|h| h.name.as_str()).collect();
    json!({
        "name": p.name,
        "preset": p.preset,
        "base_url": p.base_url,
        "api_key": key,
        "extra_headers": headers,
        "default_model": p.default_model,
        "models": p.models,
    })
}

pub fn provider(old: Option<&ProviderRecord>, new: Option<&ProviderRecord>, key: ProviderKey) -> Option<Change> {
    let s = subject(old, new)?;
    let state = |p: &ProviderRecord| if p.has_key { "set" } else { "none" };
    let new_key = |p: &ProviderRecord| match (key, old.is_some_and(|o| o.has_key)) {
        (ProviderKey::Given, true) if p.has_key => "replaced",
        _ => state(p),
    };
    let old_v = old.map(|p| provider_view(p, state(p)));
    let new_v = new.map(|p| provider_view(p, new_key(p)));
    Change::between(SubjectKind::Provider, &s.id, &s.name, old_v, new_v)
}

fn key_view(k: &AccessKey) -> Value {
    json!({
        "name": k.name,
        "prefix": k.prefix,
        "scopes": k.scopes,
        "requests_per_minute": k.limits.requests_per_minute,
        "tokens_per_minute": k.limits.tokens_per_minute,
        "revoked": k.revoked_at.is_some(),
    })
}

/// A key's secret and its hash are not in `AccessKey`, so they cannot reach the log.
pub fn access_key(old: Option<&AccessKey>, new: Option<&AccessKey>) -> Option<Change> {
    let s = subject(old, new)?;
    let revoked = old.is_some_and(|o| o.revoked_at.is_none()) && new.is_some_and(|n| n.revoked_at.is_some());
    let change = Change::between(SubjectKind::AccessKey, &s.id, &s.name, old.map(key_view), new.map(key_view))?;
    Some(if revoked { change.action(AuditAction::Revoked) } else { change })
}

pub fn route(old: Option<&Route>, new: Option<&Route>) -> Option<Change> {
    let s = subject(old, new)?;
    let name = s.name.trim();
    Change::between(SubjectKind::Route, name, name, old.map(to_value), new.map(to_value))
}

pub fn budget(old: Option<&Budget>, new: Option<&Budget>) -> Option<Change> {
    let s = subject(old, new)?;
    Change::between(SubjectKind::Budget, &s.id, &s.name, old.map(to_value), new.map(to_value))
}

/// `provider_name`: the provider's name when it is known, for a readable subject.
pub fn price_override(
    old: Option<&PriceOverride>,
    new: Option<&PriceOverride>,
    provider_name: Option<&str>,
) -> Option<Change> {
    let s = subject(old, new)?;
    let id = format!("{}/{}", s.provider_id, s.model);
    let name = format!("{} / {}", provider_name.unwrap_or(&s.provider_id), s.model);
    Change::between(SubjectKind::PriceOverride, &id, &name, old.map(to_value), new.map(to_value))
}

/// Fields that change on every use of the chat pane, not by a person's choice of setting.
const NOT_RECORDED: [&str; 3] = ["last_provider_id", "last_model", "last_route"];

/// Only the fields that changed, old and new.
pub fn settings(old: &Settings, new: &Settings) -> Option<Change> {
    let (Value::Object(old), Value::Object(new)) = (to_value(old), to_value(new)) else { return None };
    let (mut before, mut after) = (Map::new(), Map::new());
    for (field, value) in &new {
        let was = old.get(field).unwrap_or(&Value::Null);
        if NOT_RECORDED.contains(&field.as_str()) || was == value {
            continue;
        }
        before.insert(field.clone(), was.clone());
        after.insert(field.clone(), value.clone());
    }
    if after.is_empty() {
        return None;
    }
    Change::between(SubjectKind::Settings, "settings", "settings", Some(before.into()), Some(after.into()))
}
