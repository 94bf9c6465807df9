//! Creating, checking and revoking the local access keys other programs use to reach the gateway.

use serde::{Deserialize, Serialize};

use crate::audit::{self, AuditAction, ChangeSource};
use crate::error::{Error, ErrorCategory, Result};
use crate::rate_limit::RateLimits;
use crate::store::access_keys::{self as table, hash, AccessKey, Scope};
use crate::store::{new_id, now_ms, Store};

/// Returned once, when a key is created; the secret is never stored or shown again.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct NewAccessKey {
    pub key: AccessKey,
    pub secret: String,
}

pub const KEY_PREFIX: &str = "sy-";

/// Inserts a new key and its audit row, in one transaction.
async fn insert(
    store: &Store,
    key: &AccessKey,
    secret_hash: String,
    action: AuditAction,
    source: ChangeSource,
) -> Result<()> {
    let key = key.clone();
    store
        .call(move |c| {
            let tx = c.transaction()?;
            table::insert(&tx, &key, &secret_hash)?;
            audit::record(&tx, source, audit::access_key(None, Some(&key)).map(|c| c.action(action)))?;
            Ok(tx.commit()?)
        })
        .await
}

pub async fn create(store: &Store, name: &str, scopes: Vec<Scope>, source: ChangeSource) -> Result<NewAccessKey> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name_required", "An access key needs a name."));
    }
    if scopes.is_empty() {
        return Err(Error::invalid("scopes_required", "An access key needs at least one scope."));
    }
    // 244 random bits from two v4 UUIDs.
    let secret = format!("{KEY_PREFIX}{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    let key = AccessKey {
        id: new_id(),
        name: name.to_owned(),
        prefix: secret.chars().take(KEY_PREFIX.len() + 6).collect(),
        scopes,
        created_at: now_ms(),
        revoked_at: None,
        limits: Default::default(),
    };
    insert(store, &key, hash(&secret), AuditAction::Created, source).await?;
    Ok(NewAccessKey { key, secret })
}

/// Checks a presented key for a scope: unknown or revoked keys are `auth` errors, a missing scope is `forbidden`.
/// Registers a key whose secret the operator chose (from a config file's environment variable). Only its hash is
/// stored, as for created keys.
pub async fn import(
    store: &Store,
    name: &str,
    secret: &str,
    scopes: Vec<Scope>,
    source: ChangeSource,
) -> Result<AccessKey> {
    if secret.len() < 16 {
        return Err(Error::invalid("access_key_too_short", "An access key needs at least 16 characters."));
    }
    crate::scrub::hold(secret);
    let key = AccessKey {
        id: new_id(),
        name: name.to_owned(),
        prefix: secret.chars().take(6).collect(),
        scopes,
        created_at: now_ms(),
        revoked_at: None,
        limits: Default::default(),
    };
    insert(store, &key, hash(secret), AuditAction::Imported, source).await?;
    Ok(key)
}

pub async fn authorize(store: &Store, presented: Option<&str>, scope: Scope) -> Result<AccessKey> {
    let presented = presented.filter(|k| !k.is_empty()).ok_or_else(|| {
        Error::new(
            ErrorCategory::Auth,
            "access_key_missing",
            "Send a Switchyard access key as `Authorization: Bearer …` or `x-api-key`.",
        )
    })?;
    let secret_hash = hash(presented);
    let key = store.call(move |c| table::find_by_hash(c, &secret_hash)).await?.ok_or_else(|| {
        Error::new(ErrorCategory::Auth, "access_key_invalid", "This access key is not known to Switchyard.")
    })?;
    let key = check_scope(key, scope)?;
    let id = key.id.clone();
    store.call(move |c| table::touch(c, &id, now_ms())).await?;
    Ok(key)
}

/// A known key may still be revoked or lack the scope.
pub fn check_scope(key: AccessKey, scope: Scope) -> Result<AccessKey> {
    if key.revoked_at.is_some() {
        return Err(Error::new(ErrorCategory::Auth, "access_key_revoked", "This access key was revoked."));
    }
    if !key.scopes.contains(&scope) {
        let what = match scope {
            Scope::Chat => "the chat endpoints (/v1/chat/completions, /v1/messages)",
            Scope::Models => "the model list (/v1/models)",
        };
        let message = format!("This access key may not use {what}. Give it that scope in Settings.");
        return Err(Error::new(ErrorCategory::Forbidden, "access_key_scope", message));
    }
    Ok(key)
}

pub async fn list(store: &Store) -> Result<Vec<AccessKey>> {
    store.call(|c| table::list(c)).await
}

pub async fn revoke(store: &Store, id: &str, source: ChangeSource) -> Result<()> {
    let id = id.to_owned();
    store
        .call(move |c| {
            let tx = c.transaction()?;
            let old = table::get(&tx, &id)?;
            table::revoke(&tx, &id, now_ms())?;
            audit::record(&tx, source, audit::access_key(Some(&old), Some(&table::get(&tx, &id)?)))?;
            Ok(tx.commit()?)
        })
        .await
}

/// Requests and tokens per minute for a key, and the audit row, in one transaction.
pub async fn set_limits(store: &Store, id: &str, limits: RateLimits, source: ChangeSource) -> Result<()> {
    limits.validate()?;
    let id = id.to_owned();
    store
        .call(move |c| {
            let tx = c.transaction()?;
            let old = table::get(&tx, &id)?;
            table::set_limits(&tx, &id, limits)?;
            audit::record(&tx, source, audit::access_key(Some(&old), Some(&AccessKey { limits, ..old.clone() })))?;
            Ok(tx.commit()?)
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn keys_work_once_created_stop_when_revoked_and_respect_scopes() {
        let store = Store::open_in_memory().unwrap();
        let new = create(&store, "editor", vec![Scope::Chat], ChangeSource::App).await.unwrap();
        assert!(new.secret.starts_with(KEY_PREFIX) && new.secret.len() == KEY_PREFIX.len() + 64);
        assert!(new.secret.starts_with(&new.key.prefix));
        assert_eq!(authorize(&store, Some(&new.secret), Scope::Chat).await.unwrap().id, new.key.id);
        let unscoped = authorize(&store, Some(&new.secret), Scope::Models).await.unwrap_err();
        assert_eq!(unscoped.category, ErrorCategory::Forbidden);
        assert!(
            unscoped.message.contains("/v1/models") && !unscoped.message.contains("Models"),
            "{}",
            unscoped.message
        );
        assert_eq!(authorize(&store, None, Scope::Chat).await.unwrap_err().code, "access_key_missing");
        assert_eq!(authorize(&store, Some("sy-nope"), Scope::Chat).await.unwrap_err().code, "access_key_invalid");
        revoke(&store, &new.key.id, ChangeSource::App).await.unwrap();
        assert_eq!(authorize(&store, Some(&new.secret), Scope::Chat).await.unwrap_err().code, "access_key_revoked");
        assert!(list(&store).await.unwrap()[0].revoked_at.is_some());
        assert_eq!(create(&store, " ", vec![Scope::Chat], ChangeSource::App).await.unwrap_err().code, "name_required");
    }

    #[tokio::test]
    async fn an_imported_secret_is_scrubbed_whatever_its_shape() {
        let store = Store::open_in_memory().unwrap();
        let chosen = "operatorchosenaccesskeywithoutdigits";
        assert_eq!(crate::scrub::scrub(chosen), chosen);
        import(&store, "ci", chosen, vec![Scope::Chat], ChangeSource::App).await.unwrap();
        assert_eq!(crate::scrub::scrub(&format!("key {chosen}")), "key [REDACTED]");
    }

    #[tokio::test]
    async fn only_a_hash_is_stored() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db.sqlite")).unwrap();
        let new = create(&store, "ci", vec![Scope::Chat, Scope::Models], ChangeSource::App).await.unwrap();
        drop(store);
        let mut bytes = Vec::new();
        for e in std::fs::read_dir(dir.path()).unwrap() {
            bytes.extend(std::fs::read(e.unwrap().path()).unwrap());
        }
        assert!(!bytes.windows(new.secret.len()).any(|w| w == new.secret.as_bytes()));
    }
}
