//! Providers, routes and access keys declared in a file (`serve --config`), reconciled with the database by name:
//! what the file names is created or brought up to date, nothing is duplicated, and it all happens in one
//! transaction, so a start that fails changes nothing.

use std::sync::Arc;

use crate::audit::{self, AuditAction, ChangeSource, ProviderKey};
use crate::cache::CachePolicy;
use crate::error::{Error, Result};
use crate::providers::registry::{checked_endpoint, key_account};
use crate::rate_limit::RateLimits;
use crate::router::route::{self, Route, RouteTarget, Strategy};
use crate::secrets::{Secret, SecretStore};
use crate::store::access_keys::{self, hash, AccessKey, Scope};
use crate::store::providers::{self as provider_table, ProviderRecord};
use crate::store::{new_id, now_ms};

#[derive(Debug, Clone, Default)]
pub struct Declared {
    pub providers: Vec<DeclaredProvider>,
    pub routes: Vec<DeclaredRoute>,
    pub access_keys: Vec<DeclaredKey>,
}

#[derive(Debug, Clone)]
pub struct DeclaredProvider {
    pub name: String,
    pub preset: String,
    pub base_url: String,
    pub api_key: Option<String>,
    pub models: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct DeclaredRoute {
    pub name: String,
    pub strategy: Strategy,
    /// (provider name from the same file, model, weight)
    pub targets: Vec<(String, String, u32)>,
    pub strict: bool,
    pub cache: Option<CachePolicy>,
    pub cache_tool_calls: bool,
}

#[derive(Debug, Clone)]
pub struct DeclaredKey {
    pub name: String,
    pub secret: String,
    pub scopes: Vec<Scope>,
    pub limits: RateLimits,
}

/// What a reconcile did, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reconciled {
    pub created: Vec<String>,
    pub updated: Vec<String>,
    /// Extra copies of a declared provider (left by older versions, which added one per start), removed.
    pub duplicates_removed: usize,
    /// Keys the file declares that were revoked since: they stay revoked.
    pub still_revoked: Vec<String>,
    /// Providers whose endpoint changed: what they answered before must not be served from the cache.
    pub(crate) moved: Vec<String>,
    pub(crate) removed_ids: Vec<String>,
    /// (name, id) of every declared provider.
    pub(crate) provider_ids: Vec<(String, String)>,
}

/// A reconcile's changes come from the file, whoever opened the `Core`.
const FILE: ChangeSource = ChangeSource::ConfigFile;

/// Says which entry of the file an error is about.
fn named(mut e: Error, what: &str) -> Error {
    e.message = format!("{what}: {}", e.message);
    e
}

/// Everything is checked before the database is touched.
fn check(declared: &Declared) -> Result<()> {
    for p in &declared.providers {
        checked_endpoint(&p.preset, &p.base_url, &[]).map_err(|e| named(e, &format!("Provider '{}'", p.name)))?;
    }
    for (i, p) in declared.providers.iter().enumerate() {
        if declared.providers[..i].iter().any(|q| q.name == p.name) {
            return Err(Error::invalid("duplicate_name", format!("Provider '{}' is declared twice.", p.name)));
        }
    }
    for r in &declared.routes {
        if let Some((missing, _, _)) =
            r.targets.iter().find(|(p, _, _)| !declared.providers.iter().any(|d| &d.name == p))
        {
            return Err(Error::invalid(
                "unknown_provider",
                format!("Route '{}' names provider '{missing}', which is not in the file.", r.name),
            ));
        }
    }
    for k in &declared.access_keys {
        k.limits.validate().map_err(|e| named(e, &format!("Access key '{}'", k.name)))?;
        if k.secret.len() < 16 {
            return Err(Error::invalid(
                "access_key_too_short",
                format!("Access key '{}' needs at least 16 characters.", k.name),
            ));
        }
    }
    Ok(())
}

pub(crate) fn apply(conn: &mut rusqlite::Connection, declared: &Declared) -> Result<Reconciled> {
    check(declared)?;
    let tx = conn.transaction()?;
    let mut done = Reconciled::default();
    let now = now_ms();
    let existing = provider_table::list(&tx)?;
    for p in &declared.providers {
        let (preset, base_url) = checked_endpoint(&p.preset, &p.base_url, &[])?;
        let mut same_name = existing.iter().filter(|e| e.name == p.name);
        let kept = same_name.next();
        for extra in same_name {
            provider_table::delete(&tx, &extra.id)?;
            audit::record(&tx, FILE, audit::provider(Some(extra), None, ProviderKey::Unchanged))?;
            done.removed_ids.push(extra.id.clone());
            done.duplicates_removed += 1;
        }
        let id = kept.map(|k| k.id.clone()).unwrap_or_else(new_id);
        let record = ProviderRecord {
            id: id.clone(),
            name: p.name.clone(),
            preset: preset.id.to_owned(),
            base_url,
            has_key: p.api_key.is_some(),
            extra_headers: vec![],
            default_model: p.models.first().cloned(),
            models: p.models.clone(),
            created_at: kept.map(|k| k.created_at).unwrap_or(now),
            updated_at: now,
        };
        match kept {
            None => done.created.push(format!("provider {}", p.name)),
            Some(k) if same_record(k, &record) => {}
            Some(k) => {
                if k.base_url != record.base_url || k.preset != record.preset {
                    done.moved.push(id.clone());
                }
                done.updated.push(format!("provider {}", p.name));
            }
        }
        let key_ref = p.api_key.as_ref().map(|_| key_account(&id));
        provider_table::upsert(&tx, &record, key_ref.as_deref())?;
        audit::record(&tx, FILE, audit::provider(kept, Some(&record), ProviderKey::Unchanged))?;
        done.provider_ids.push((p.name.clone(), id));
    }
    for r in &declared.routes {
        let targets = r
            .targets
            .iter()
            .map(|(provider, model, weight)| {
                let id = done
                    .provider_ids
                    .iter()
                    .find(|(name, _)| name == provider)
                    .map(|(_, id)| id.clone())
                    .unwrap_or_default();
                RouteTarget { provider_id: id, model: model.clone(), weight: *weight }
            })
            .collect();
        let wanted = Route {
            name: r.name.clone(),
            strategy: r.strategy,
            targets,
            strict: r.strict,
            cache: r.cache,
            cache_tool_calls: r.cache_tool_calls,
        };
        wanted.validate().map_err(|e| named(e, &format!("Route '{}'", r.name)))?;
        let old = route::get(&tx, &r.name)?;
        match &old {
            None => done.created.push(format!("route {}", r.name)),
            Some(old) if *old == wanted => {}
            Some(_) => done.updated.push(format!("route {}", r.name)),
        }
        route::upsert(&tx, &wanted, now)?;
        audit::record(&tx, FILE, audit::route(old.as_ref(), Some(&wanted)))?;
    }
    for k in &declared.access_keys {
        reconcile_key(&tx, k, now, &mut done)?;
    }
    tx.commit()?;
    Ok(done)
}

fn same_record(old: &ProviderRecord, new: &ProviderRecord) -> bool {
    (&old.preset, &old.base_url, &old.default_model, &old.models, old.has_key)
        == (&new.preset, &new.base_url, &new.default_model, &new.models, new.has_key)
}

/// A declared key is known by its secret (its hash) or, once its secret changed in the environment, by its name.
fn reconcile_key(tx: &rusqlite::Transaction, k: &DeclaredKey, now: i64, done: &mut Reconciled) -> Result<()> {
    let secret_hash = hash(&k.secret);
    let prefix: String = k.secret.chars().take(6).collect();
    let by_secret = access_keys::find_by_hash(tx, &secret_hash)?;
    let by_name = || -> Result<Option<AccessKey>> {
        Ok(access_keys::list(tx)?.into_iter().find(|e| e.name == k.name && e.revoked_at.is_none()))
    };
    let found = match by_secret {
        Some(key) => Some(key),
        None => by_name()?,
    };
    match found {
        Some(key) if key.revoked_at.is_some() => done.still_revoked.push(k.name.clone()),
        Some(key) => {
            if key.scopes != k.scopes || key.name != k.name || key.prefix != prefix || key.limits != k.limits {
                access_keys::replace(tx, &key.id, &k.name, &prefix, &k.scopes, &secret_hash)?;
                access_keys::set_limits(tx, &key.id, k.limits)?;
                let new = AccessKey {
                    name: k.name.clone(),
                    prefix,
                    scopes: k.scopes.clone(),
                    limits: k.limits,
                    ..key.clone()
                };
                audit::record(tx, FILE, audit::access_key(Some(&key), Some(&new)))?;
                done.updated.push(format!("access key {}", k.name));
            }
        }
        None => {
            let key = AccessKey {
                id: new_id(),
                name: k.name.clone(),
                prefix,
                scopes: k.scopes.clone(),
                created_at: now,
                revoked_at: None,
                limits: k.limits,
            };
            access_keys::insert(tx, &key, &secret_hash)?;
            audit::record(tx, FILE, audit::access_key(None, Some(&key)).map(|c| c.action(AuditAction::Imported)))?;
            done.created.push(format!("access key {}", k.name));
        }
    }
    Ok(())
}

/// Provider keys go to the secret store once the database agrees; copies removed take their keys with them.
pub(crate) fn store_keys(secrets: &Arc<dyn SecretStore>, declared: &Declared, done: &Reconciled) -> Result<()> {
    for p in &declared.providers {
        let Some(id) = done.provider_ids.iter().find(|(name, _)| *name == p.name).map(|(_, id)| id) else { continue };
        match &p.api_key {
            Some(key) => secrets.set(&key_account(id), &Secret::new(key.clone()))?,
            None => secrets.delete(&key_account(id))?,
        }
    }
    for id in &done.removed_ids {
        secrets.delete(&key_account(id))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn file() -> Declared {
        Declared {
            providers: vec![DeclaredProvider {
                name: "up".into(),
                preset: "custom".into(),
                base_url: "http://127.0.0.1:9/v1".into(),
                api_key: Some("sk-up-0123456789".into()),
                models: vec!["m1".into()],
            }],
            routes: vec![DeclaredRoute {
                name: "smart".into(),
                strategy: Strategy::Priority,
                targets: vec![("up".into(), "m1".into(), 0)],
                strict: false,
                cache: None,
                cache_tool_calls: false,
            }],
            access_keys: vec![DeclaredKey {
                name: "ci".into(),
                secret: "sy-declared-0123456789".into(),
                scopes: vec![Scope::Chat],
                limits: Default::default(),
            }],
        }
    }

    async fn reconcile(store: &Store, d: &Declared) -> Result<Reconciled> {
        let d = d.clone();
        store.call(move |c| apply(c, &d)).await
    }

    async fn counts(store: &Store) -> (usize, usize, usize) {
        store
            .call(|c| Ok((provider_table::list(c)?.len(), route::list(c)?.len(), access_keys::list(c)?.len())))
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_second_and_third_run_change_nothing_and_a_changed_file_updates_in_place() {
        let store = Store::open_in_memory().unwrap();
        let first = reconcile(&store, &file()).await.unwrap();
        assert_eq!(first.created, ["provider up", "route smart", "access key ci"]);
        for _ in 0..2 {
            let again = reconcile(&store, &file()).await.unwrap();
            assert!(again.created.is_empty() && again.updated.is_empty(), "{again:?}");
            assert_eq!(again.provider_ids, first.provider_ids, "the provider keeps its id");
        }
        assert_eq!(counts(&store).await, (1, 1, 1));

        let mut changed = file();
        changed.providers[0].base_url = "http://127.0.0.1:10/v1".into();
        changed.routes[0].strict = true;
        changed.access_keys[0].secret = "sy-rotated-secret-0123".into();
        changed.access_keys[0].scopes = vec![Scope::Chat, Scope::Models];
        let done = reconcile(&store, &changed).await.unwrap();
        assert_eq!(done.updated, ["provider up", "route smart", "access key ci"]);
        assert_eq!(done.moved, vec![first.provider_ids[0].1.clone()]);
        assert_eq!(counts(&store).await, (1, 1, 1));
        let key = store.call(|c| access_keys::find_by_hash(c, &hash("sy-rotated-secret-0123"))).await.unwrap();
        assert_eq!(key.unwrap().scopes, vec![Scope::Chat, Scope::Models]);
        let old = store.call(|c| access_keys::find_by_hash(c, &hash("sy-declared-0123456789"))).await.unwrap();
        assert!(old.is_none(), "the old secret still opens the gateway");
    }

    #[tokio::test]
    async fn copies_left_by_older_versions_are_folded_into_one() {
        let store = Store::open_in_memory().unwrap();
        let first = reconcile(&store, &file()).await.unwrap();
        store
            .call(|c| {
                let mut copy = provider_table::list(c)?.remove(0);
                copy.id = "copy".into();
                copy.created_at += 1;
                provider_table::upsert(c, &copy, None)
            })
            .await
            .unwrap();
        let done = reconcile(&store, &file()).await.unwrap();
        assert_eq!(done.duplicates_removed, 1);
        assert_eq!(done.removed_ids, ["copy"]);
        assert_eq!(done.provider_ids, first.provider_ids, "the oldest copy is kept");
        assert_eq!(counts(&store).await.0, 1);
    }

    #[tokio::test]
    async fn a_revoked_key_stays_revoked() {
        let store = Store::open_in_memory().unwrap();
        reconcile(&store, &file()).await.unwrap();
        store
            .call(|c| {
                let id = access_keys::list(c)?.remove(0).id;
                access_keys::revoke(c, &id, 5)
            })
            .await
            .unwrap();
        let done = reconcile(&store, &file()).await.unwrap();
        assert_eq!(done.still_revoked, ["ci"]);
        let keys = store.call(|c| access_keys::list(c)).await.unwrap();
        assert_eq!((keys.len(), keys[0].revoked_at), (1, Some(5)));
    }

    #[tokio::test]
    async fn a_file_with_a_fault_anywhere_changes_nothing() {
        let store = Store::open_in_memory().unwrap();
        let mut stray = file();
        stray.routes[0].targets[0].0 = "ghost".into();
        let mut short = file();
        short.access_keys[0].secret = "short".into();
        let mut twice = file();
        twice.providers.push(twice.providers[0].clone());
        let mut empty_route = file();
        empty_route.routes[0].targets[0].1 = " ".into();
        let mut bad_url = file();
        bad_url.providers[0].base_url = "".into();
        for (bad, code) in [
            (stray, "unknown_provider"),
            (short, "access_key_too_short"),
            (twice, "duplicate_name"),
            (empty_route, "route_model_required"),
            (bad_url, "base_url_required"),
        ] {
            let e = reconcile(&store, &bad).await.unwrap_err();
            assert_eq!(e.code, code, "{}", e.message);
            assert_eq!(counts(&store).await, (0, 0, 0), "{code} left something behind");
        }
        let e = reconcile(&store, &{
            let mut f = file();
            f.routes[0].targets[0].1 = " ".into();
            f
        })
        .await
        .unwrap_err();
        assert!(e.message.starts_with("Route 'smart': "), "{}", e.message);
    }

    #[test]
    fn store_keys_files_each_key_and_forgets_removed_copies() {
        let secrets: Arc<dyn SecretStore> = Arc::new(crate::secrets::MemorySecretStore::default());
        secrets.set(&key_account("copy"), &Secret::new("old".into())).unwrap();
        let mut d = file();
        d.providers.push(DeclaredProvider { api_key: None, name: "keyless".into(), ..d.providers[0].clone() });
        secrets.set(&key_account("k2"), &Secret::new("stale".into())).unwrap();
        let done = Reconciled {
            removed_ids: vec!["copy".into()],
            provider_ids: vec![("up".into(), "p1".into()), ("keyless".into(), "k2".into())],
            ..Default::default()
        };
        store_keys(&secrets, &d, &done).unwrap();
        assert_eq!(secrets.get(&key_account("p1")).unwrap().unwrap().expose(), "sk-up-0123456789");
        assert!(secrets.get(&key_account("k2")).unwrap().is_none());
        assert!(secrets.get(&key_account("copy")).unwrap().is_none());
    }
}
