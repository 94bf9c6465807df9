//! The audit log: each kind of change writes one row with its source and old and new values; no secret reaches it;
//! the table refuses UPDATE and DELETE; a reconcile records only what it changed.

use std::path::Path;
use std::sync::Arc;

use serde_json::{json, Value};
use switchyard_core::audit::{AuditAction, AuditEntry, ChangeSource, SubjectKind};
use switchyard_core::cost::budgets::{Budget, BudgetAction, BudgetPeriod, BudgetScope};
use switchyard_core::cost::pricing::PriceOverride;
use switchyard_core::cost::report::ExportFormat;
use switchyard_core::declared::{Declared, DeclaredKey, DeclaredProvider, DeclaredRoute};
use switchyard_core::providers::registry::ProviderInput;
use switchyard_core::rate_limit::RateLimits;
use switchyard_core::router::route::{Route, RouteTarget, Strategy};
use switchyard_core::secrets::MemorySecretStore;
use switchyard_core::store::access_keys::Scope;
use switchyard_core::store::providers::HeaderPair;
use switchyard_core::{Core, CoreConfig};

const PROVIDER_KEY: &str = "sk-audit-provider-secret-0123456789";
const ROTATED_KEY: &str = "sk-audit-rotated-secret-9876543210";
const HEADER_VALUE: &str = "hdr-secret-value-5555";

async fn open(dir: &Path, source: ChangeSource) -> Core {
    let config =
        CoreConfig { change_source: source, ..CoreConfig::new(dir.to_owned(), Arc::new(MemorySecretStore::default())) };
    Core::open(config).await.unwrap()
}

/// Oldest first, every entry.
async fn entries(core: &Core) -> Vec<AuditEntry> {
    let mut all = core.audit_log(None, None, 500).await.unwrap().entries;
    all.reverse();
    all
}

/// Every column of every row, as SQLite holds it.
fn raw_rows(dir: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(dir.join("switchyard.sqlite")).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT id || '|' || at || '|' || source || '|' || action || '|' || subject_kind || '|' || subject_id
                || '|' || subject_name || '|' || coalesce(old_value, '') || '|' || coalesce(new_value, '')
             FROM audit_log",
        )
        .unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
}

fn assert_absent(dir: &Path, secrets: &[&str]) {
    let rows = raw_rows(dir);
    assert!(!rows.is_empty());
    for row in &rows {
        for secret in secrets {
            assert!(!row.contains(secret), "a secret is in the audit log: {row}");
        }
    }
}

fn provider_input(id: Option<String>, name: &str, api_key: Option<&str>) -> ProviderInput {
    ProviderInput {
        id,
        name: name.into(),
        preset: "custom".into(),
        base_url: "http://127.0.0.1:9/v1".into(),
        api_key: api_key.map(str::to_owned),
        extra_headers: vec![HeaderPair { name: "x-team-token".into(), value: HEADER_VALUE.into() }],
        default_model: Some("m1".into()),
    }
}

#[tokio::test]
async fn provider_changes_are_recorded_with_whether_a_key_is_set_never_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let core = open(dir.path(), ChangeSource::App).await;
    let saved = core.save_provider(provider_input(None, "Upstream", Some(PROVIDER_KEY))).await.unwrap();
    // The same values again, no key typed: nothing changed, nothing recorded.
    core.save_provider(provider_input(Some(saved.id.clone()), "Upstream", None)).await.unwrap();
    core.save_provider(provider_input(Some(saved.id.clone()), "Renamed", Some(ROTATED_KEY))).await.unwrap();
    core.set_provider_models(&saved.id, vec!["m1".into(), "m2".into()]).await.unwrap();
    core.delete_provider(&saved.id).await.unwrap();

    let rows = entries(&core).await;
    let actions: Vec<_> = rows.iter().map(|e| e.action).collect();
    use AuditAction::*;
    assert_eq!(actions, [Created, Updated, Updated, Deleted]);
    assert!(rows.iter().all(|e| e.subject_kind == SubjectKind::Provider && e.subject_id == saved.id));
    assert!(rows.iter().all(|e| e.source == ChangeSource::App));

    let created = &rows[0];
    assert_eq!(created.old, None);
    let new = created.new.as_ref().unwrap();
    assert_eq!((new["name"].clone(), new["api_key"].clone()), (json!("Upstream"), json!("set")));
    assert_eq!(new["extra_headers"], json!(["x-team-token"]), "header names only");

    let renamed = &rows[1];
    assert_eq!(renamed.subject_name, "Renamed");
    let (old, new) = (renamed.old.as_ref().unwrap(), renamed.new.as_ref().unwrap());
    assert_eq!((old["name"].clone(), new["name"].clone()), (json!("Upstream"), json!("Renamed")));
    assert_eq!((old["api_key"].clone(), new["api_key"].clone()), (json!("set"), json!("replaced")));

    let models = &rows[2];
    assert_eq!(models.new.as_ref().unwrap()["models"], json!(["m1", "m2"]));

    let deleted = &rows[3];
    assert_eq!((deleted.old.as_ref().unwrap()["name"].clone(), deleted.new.clone()), (json!("Renamed"), None));
    assert_absent(dir.path(), &[PROVIDER_KEY, ROTATED_KEY, HEADER_VALUE]);
}

#[tokio::test]
async fn access_key_changes_are_recorded_without_the_secret_or_its_hash() {
    let dir = tempfile::tempdir().unwrap();
    let core = open(dir.path(), ChangeSource::App).await;
    let fresh = core.create_access_key("editor", vec![Scope::Chat]).await.unwrap();
    let imported = core.import_access_key("ci", "sy-imported-secret-0123456789", vec![Scope::Models]).await.unwrap();
    let limits = RateLimits { requests_per_minute: Some(60), tokens_per_minute: None };
    core.set_access_key_limits(&fresh.key.id, limits).await.unwrap();
    core.set_access_key_limits(&fresh.key.id, limits).await.unwrap();
    assert_eq!(
        core.set_access_key_limits(&fresh.key.id, RateLimits { requests_per_minute: Some(0), tokens_per_minute: None })
            .await
            .unwrap_err()
            .code,
        "invalid_rate_limit"
    );
    core.revoke_access_key(&fresh.key.id).await.unwrap();
    core.revoke_access_key(&fresh.key.id).await.unwrap();

    let rows = entries(&core).await;
    use AuditAction::*;
    assert_eq!(rows.iter().map(|e| e.action).collect::<Vec<_>>(), [Created, Imported, Updated, Revoked]);
    assert_eq!(rows[1].subject_id, imported.id);
    let new = rows[0].new.as_ref().unwrap();
    assert_eq!((new["name"].clone(), new["prefix"].clone()), (json!("editor"), json!(fresh.key.prefix)));
    let (old, new) = (rows[2].old.as_ref().unwrap(), rows[2].new.as_ref().unwrap());
    assert_eq!((old["requests_per_minute"].clone(), new["requests_per_minute"].clone()), (Value::Null, json!(60)));
    let (old, new) = (rows[3].old.as_ref().unwrap(), rows[3].new.as_ref().unwrap());
    assert_eq!((old["revoked"].clone(), new["revoked"].clone()), (json!(false), json!(true)));

    let hash = |s: &str| switchyard_core::store::access_keys::hash(s);
    let imported_hash = hash("sy-imported-secret-0123456789");
    assert_absent(dir.path(), &[&fresh.secret, &hash(&fresh.secret), "sy-imported-secret-0123456789", &imported_hash]);
}

fn route(name: &str, provider_id: &str, strict: bool) -> Route {
    Route {
        name: name.into(),
        strategy: Strategy::Priority,
        targets: vec![RouteTarget { provider_id: provider_id.into(), model: "m1".into(), weight: 0 }],
        strict,
        cache: None,
        cache_tool_calls: false,
    }
}

#[tokio::test]
async fn routes_budgets_and_price_overrides_are_recorded_old_and_new() {
    let dir = tempfile::tempdir().unwrap();
    let core = open(dir.path(), ChangeSource::App).await;
    let p = core.save_provider(provider_input(None, "Upstream", None)).await.unwrap();
    core.save_route(route("smart", &p.id, false)).await.unwrap();
    core.save_route(route("smart", &p.id, true)).await.unwrap();
    core.delete_route("smart").await.unwrap();
    let budget = Budget {
        id: String::new(),
        name: "monthly".into(),
        scope: BudgetScope::Global,
        period: BudgetPeriod::Month,
        limit_usd_micros: 10_000_000,
        action: BudgetAction::Notify,
    };
    let budget = core.save_budget(budget).await.unwrap();
    core.save_budget(Budget { limit_usd_micros: 20_000_000, ..budget.clone() }).await.unwrap();
    core.delete_budget(&budget.id).await.unwrap();
    let price = PriceOverride {
        provider_id: p.id.clone(),
        model: "m1".into(),
        currency: "USD".into(),
        input_micros: 1_000_000,
        output_micros: 2_000_000,
        cache_read_micros: None,
        cache_write_micros: None,
        reasoning_micros: None,
    };
    core.save_price_override(price.clone()).await.unwrap();
    core.save_price_override(PriceOverride { output_micros: 3_000_000, ..price.clone() }).await.unwrap();
    core.delete_price_override(&p.id, "m1").await.unwrap();

    use AuditAction::*;
    let routes = core.audit_log(Some(SubjectKind::Route), None, 50).await.unwrap().entries;
    assert_eq!(routes.iter().map(|e| e.action).collect::<Vec<_>>(), [Deleted, Updated, Created], "newest first");
    let updated = &routes[1];
    assert_eq!((updated.subject_id.as_str(), updated.subject_name.as_str()), ("smart", "smart"));
    assert_eq!(
        (updated.old.as_ref().unwrap()["strict"].clone(), updated.new.as_ref().unwrap()["strict"].clone()),
        (json!(false), json!(true))
    );
    assert_eq!(updated.new.as_ref().unwrap()["targets"][0]["provider_id"], json!(p.id));

    let budgets = core.audit_log(Some(SubjectKind::Budget), None, 50).await.unwrap().entries;
    assert_eq!(budgets.iter().map(|e| e.action).collect::<Vec<_>>(), [Deleted, Updated, Created]);
    assert!(budgets.iter().all(|e| e.subject_id == budget.id && e.subject_name == "monthly"));
    assert_eq!(
        (
            budgets[1].old.as_ref().unwrap()["limit_usd_micros"].clone(),
            budgets[1].new.as_ref().unwrap()["limit_usd_micros"].clone()
        ),
        (json!(10_000_000), json!(20_000_000))
    );

    let prices = core.audit_log(Some(SubjectKind::PriceOverride), None, 50).await.unwrap().entries;
    assert_eq!(prices.iter().map(|e| e.action).collect::<Vec<_>>(), [Deleted, Updated, Created]);
    assert_eq!(prices[0].subject_id, format!("{}/m1", p.id));
    assert_eq!(prices[0].subject_name, "Upstream / m1");
    assert_eq!(prices[1].new.as_ref().unwrap()["output_micros"], json!(3_000_000));
}

#[tokio::test]
async fn settings_rows_hold_only_the_fields_that_changed_and_never_the_last_model_used() {
    let dir = tempfile::tempdir().unwrap();
    let core = open(dir.path(), ChangeSource::App).await;
    let before = core.get_settings().await.unwrap();
    let mut s = before.clone();
    s.language = Some("zh-CN".into());
    s.cache_ttl_days = 30;
    s.last_model = Some("m1".into());
    core.update_settings(s.clone()).await.unwrap();
    // Only what changes on every use of the chat pane: no row.
    s.last_model = Some("m2".into());
    s.last_provider_id = Some("p".into());
    s.last_route = Some("smart".into());
    core.update_settings(s).await.unwrap();

    let rows = core.audit_log(Some(SubjectKind::Settings), None, 50).await.unwrap().entries;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].action, AuditAction::Updated);
    assert_eq!(rows[0].old, Some(json!({ "language": null, "cache_ttl_days": before.cache_ttl_days })));
    assert_eq!(rows[0].new, Some(json!({ "language": "zh-CN", "cache_ttl_days": 30 })));
}

#[tokio::test]
async fn the_table_refuses_update_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    let core = open(dir.path(), ChangeSource::App).await;
    core.create_access_key("editor", vec![Scope::Chat]).await.unwrap();
    let conn = rusqlite::Connection::open(dir.path().join("switchyard.sqlite")).unwrap();
    for sql in ["UPDATE audit_log SET source = 'cli'", "DELETE FROM audit_log", "UPDATE audit_log SET new_value = NULL"]
    {
        let e = conn.execute(sql, []).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
    assert_eq!(raw_rows(dir.path()).len(), 1);
    assert_eq!(entries(&core).await[0].source, ChangeSource::App);
}

#[tokio::test]
async fn a_second_core_opened_by_the_cli_writes_cli_rows() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), ChangeSource::App).await;
    let p = app.save_provider(provider_input(None, "Upstream", None)).await.unwrap();
    let cli = open(dir.path(), ChangeSource::Cli).await;
    let key = cli.create_access_key("ci", vec![Scope::Chat]).await.unwrap();
    cli.revoke_access_key(&key.key.id).await.unwrap();
    let rows = entries(&app).await;
    let seen: Vec<_> = rows.iter().map(|e| (e.source, e.subject_kind, e.action)).collect();
    assert_eq!(
        seen,
        [
            (ChangeSource::App, SubjectKind::Provider, AuditAction::Created),
            (ChangeSource::Cli, SubjectKind::AccessKey, AuditAction::Created),
            (ChangeSource::Cli, SubjectKind::AccessKey, AuditAction::Revoked),
        ]
    );
    assert_eq!(rows[0].subject_id, p.id);
}

fn file(base_url: &str) -> Declared {
    Declared {
        providers: vec![DeclaredProvider {
            name: "up".into(),
            preset: "custom".into(),
            base_url: base_url.into(),
            api_key: Some(PROVIDER_KEY.into()),
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
            secret: "sy-declared-secret-0123456789".into(),
            scopes: vec![Scope::Chat],
            limits: Default::default(),
        }],
    }
}

#[tokio::test]
async fn a_reconcile_writes_config_file_rows_only_for_what_it_changed() {
    let dir = tempfile::tempdir().unwrap();
    // Even a Core opened by the app records a reconcile as the config file's.
    let core = open(dir.path(), ChangeSource::App).await;
    core.reconcile(file("http://127.0.0.1:9/v1")).await.unwrap();
    let first = entries(&core).await;
    let seen: Vec<_> = first.iter().map(|e| (e.subject_kind, e.action)).collect();
    assert_eq!(
        seen,
        [
            (SubjectKind::Provider, AuditAction::Created),
            (SubjectKind::Route, AuditAction::Created),
            (SubjectKind::AccessKey, AuditAction::Imported),
        ]
    );
    assert!(first.iter().all(|e| e.source == ChangeSource::ConfigFile));

    core.reconcile(file("http://127.0.0.1:9/v1")).await.unwrap();
    assert_eq!(entries(&core).await.len(), 3, "an unchanged file changes nothing and records nothing");

    core.reconcile(file("http://127.0.0.1:10/v1")).await.unwrap();
    let rows = entries(&core).await;
    assert_eq!(rows.len(), 4);
    let moved = &rows[3];
    assert_eq!(
        (moved.source, moved.subject_kind, moved.action),
        (ChangeSource::ConfigFile, SubjectKind::Provider, AuditAction::Updated)
    );
    assert_eq!(
        (moved.old.as_ref().unwrap()["base_url"].clone(), moved.new.as_ref().unwrap()["base_url"].clone()),
        (json!("http://127.0.0.1:9/v1"), json!("http://127.0.0.1:10/v1"))
    );
    assert_absent(dir.path(), &[PROVIDER_KEY, "sy-declared-secret-0123456789"]);
}

#[tokio::test]
async fn pages_run_newest_first_and_exports_hold_every_row_oldest_first() {
    let dir = tempfile::tempdir().unwrap();
    let core = open(dir.path(), ChangeSource::Cli).await;
    for n in 0..5 {
        core.create_access_key(&format!("k{n}"), vec![Scope::Chat]).await.unwrap();
    }
    let p = core.save_provider(provider_input(None, "Upstream, \"quoted\"", None)).await.unwrap();
    let first = core.audit_log(None, None, 4).await.unwrap();
    assert_eq!(first.entries.len(), 4);
    assert_eq!(first.entries[0].subject_id, p.id, "newest first");
    let rest = core.audit_log(None, first.next_before, 4).await.unwrap();
    assert_eq!((rest.entries.len(), rest.next_before), (2, None));
    assert_eq!(rest.entries[1].subject_name, "k0");
    let keys = core.audit_log(Some(SubjectKind::AccessKey), None, 500).await.unwrap().entries;
    assert_eq!(keys.len(), 5);

    let out = dir.path().join("exports");
    let json_path = core.export_audit_log(None, ExportFormat::Json, &out).await.unwrap();
    let exported: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(exported.len(), 6);
    assert_eq!((exported[0]["subject_name"].clone(), exported[0]["source"].clone()), (json!("k0"), json!("cli")));
    assert!(exported[0]["at_utc"].as_str().unwrap().ends_with('Z'));
    let new: Value = serde_json::from_str(exported[5]["new"].as_str().unwrap()).unwrap();
    assert_eq!(new["name"], json!("Upstream, \"quoted\""));

    let csv_path = core.export_audit_log(Some(SubjectKind::Provider), ExportFormat::Csv, &out).await.unwrap();
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["id", "at", "at_utc", "source", "action", "subject_kind", "subject_id", "subject_name", "old", "new"]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 1);
    assert_eq!((&records[0][4], &records[0][7]), ("created", "Upstream, \"quoted\""));
    assert_eq!(&records[0][8], "", "no old value for a created provider");

    let empty = tempfile::tempdir().unwrap();
    let fresh = open(empty.path(), ChangeSource::App).await;
    let path = fresh.export_audit_log(None, ExportFormat::Csv, &empty.path().join("x")).await.unwrap();
    assert_eq!(std::fs::read_to_string(path).unwrap().lines().count(), 1, "an empty export still names its columns");
}
