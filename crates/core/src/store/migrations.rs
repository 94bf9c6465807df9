//! Numbered schema migrations, tracked with `PRAGMA user_version`. Append only: never edit a shipped one.

use rusqlite::Connection;

use crate::error::{Error, ErrorCategory, Result};

pub const MIGRATIONS: &[&str] = &[
    // 1: providers, conversations, messages.
    r#"
    CREATE TABLE providers (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        preset        TEXT NOT NULL,
        base_url      TEXT NOT NULL,
        key_ref       TEXT,              -- keychain account name; the key itself is never stored here
        extra_headers TEXT NOT NULL DEFAULT '[]',
        default_model TEXT,
        models        TEXT NOT NULL DEFAULT '[]',
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
    );
    CREATE TABLE conversations (
        id         TEXT PRIMARY KEY,
        title      TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE TABLE messages (
        id                 TEXT PRIMARY KEY,
        conversation_id    TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        role               TEXT NOT NULL,
        content            TEXT NOT NULL,
        status             TEXT NOT NULL,
        provider_id        TEXT,
        model              TEXT,
        trace_id           TEXT,
        error              TEXT,
        input_tokens       INTEGER NOT NULL DEFAULT 0,
        output_tokens      INTEGER NOT NULL DEFAULT 0,
        cache_read_tokens  INTEGER NOT NULL DEFAULT 0,
        cache_write_tokens INTEGER NOT NULL DEFAULT 0,
        reasoning_tokens   INTEGER NOT NULL DEFAULT 0,
        latency_ms         INTEGER,
        ttft_ms            INTEGER,
        created_at         INTEGER NOT NULL
    );
    CREATE INDEX messages_by_conversation ON messages(conversation_id, created_at);
    "#,
    // 2: user preferences (language, theme, last used model).
    r#"
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    "#,
    // 3: local access keys for the HTTP gateway, stored as sha256 hashes.
    r#"
    CREATE TABLE access_keys (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        hash         TEXT NOT NULL UNIQUE,
        prefix       TEXT NOT NULL,   -- the first characters, so a person can tell keys apart
        scopes       TEXT NOT NULL,   -- JSON array: "chat", "models"
        created_at   INTEGER NOT NULL,
        revoked_at   INTEGER,
        last_used_at INTEGER
    );
    "#,
    // 4: whether a message's token counts were estimated by Switchyard rather than reported by the provider.
    r#"
    ALTER TABLE messages ADD COLUMN usage_estimated INTEGER NOT NULL DEFAULT 0;
    "#,
    // 5: the ledger, one row per call from a chat pane or the gateway.
    r#"
    CREATE TABLE ledger (
        id                 INTEGER PRIMARY KEY AUTOINCREMENT,
        at                 INTEGER NOT NULL,
        origin             TEXT NOT NULL,
        route              TEXT NOT NULL,
        provider_id        TEXT,
        provider_name      TEXT,
        model              TEXT,
        attempts           INTEGER NOT NULL,
        status             TEXT NOT NULL,
        error_category     TEXT,
        streamed           INTEGER NOT NULL,
        input_tokens       INTEGER NOT NULL,
        output_tokens      INTEGER NOT NULL,
        cache_read_tokens  INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        reasoning_tokens   INTEGER NOT NULL,
        usage_estimated    INTEGER NOT NULL,
        latency_ms         INTEGER NOT NULL,
        ttft_ms            INTEGER,
        trace_id           TEXT NOT NULL
    );
    CREATE INDEX ledger_by_time ON ledger(at);
    "#,
    // 6: routes: a model name clients send, mapped to ordered (provider, model) targets and a strategy.
    r#"
    CREATE TABLE routes (
        name       TEXT PRIMARY KEY,
        strategy   TEXT NOT NULL,
        targets    TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
    "#,
    // 7: a route may be strict: it refuses a target that would lose fields of a gateway request.
    r#"
    ALTER TABLE routes ADD COLUMN strict INTEGER NOT NULL DEFAULT 0;
    "#,
    // 8: what calls cost. The ledger learns its origin's parts and the call's price (NULL = unpriced; rows written
    // before prices existed stay unpriced); price overrides per provider and model; budgets and the alerts they
    // raised, one per threshold per budget window.
    r#"
    ALTER TABLE ledger ADD COLUMN origin_kind TEXT NOT NULL DEFAULT 'gateway';
    UPDATE ledger SET origin_kind = 'pane' WHERE origin LIKE 'chat%';
    ALTER TABLE ledger ADD COLUMN access_key_id TEXT;
    ALTER TABLE ledger ADD COLUMN conversation_id TEXT;
    ALTER TABLE ledger ADD COLUMN message_id TEXT;
    ALTER TABLE ledger ADD COLUMN cost_micros INTEGER;          -- in the provider's own currency, micro-units
    ALTER TABLE ledger ADD COLUMN currency TEXT;
    ALTER TABLE ledger ADD COLUMN cost_usd_micros INTEGER;
    ALTER TABLE ledger ADD COLUMN usd_per_unit_micros INTEGER;  -- the exchange rate used: µUSD per unit of currency
    ALTER TABLE ledger ADD COLUMN price_source TEXT;            -- genai_prices | bundled | override | local
    CREATE INDEX ledger_by_message ON ledger(message_id) WHERE message_id IS NOT NULL;
    CREATE INDEX ledger_by_trace ON ledger(trace_id);
    CREATE TABLE price_overrides (
        provider_id          TEXT NOT NULL,
        model                TEXT NOT NULL,
        currency             TEXT NOT NULL,
        -- micro-units of `currency` per million tokens; NULL = not overridden (falls back to input, or to 0
        -- for reasoning, which most providers bill as output)
        input_micros         INTEGER NOT NULL,
        output_micros        INTEGER NOT NULL,
        cache_read_micros    INTEGER,
        cache_write_micros   INTEGER,
        reasoning_micros     INTEGER,
        updated_at           INTEGER NOT NULL,
        PRIMARY KEY (provider_id, model)
    );
    CREATE TABLE budgets (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        scope_kind   TEXT NOT NULL,   -- global | provider | access_key
        scope_id     TEXT,            -- the provider or access key id; NULL for global
        period       TEXT NOT NULL,   -- day | week | month
        limit_usd_micros INTEGER NOT NULL,
        action       TEXT NOT NULL,   -- block | notify
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
    );
    CREATE TABLE budget_alerts (
        budget_id    TEXT NOT NULL REFERENCES budgets(id) ON DELETE CASCADE,
        window_start INTEGER NOT NULL,
        threshold    INTEGER NOT NULL, -- percent: 50, 80, 95, 100
        at           INTEGER NOT NULL,
        PRIMARY KEY (budget_id, window_start, threshold)
    );
    "#,
    // 9: usage rollups per local day (for each time zone offset in use) and spend per UTC hour, kept by triggers.
    include_str!("migrations/09_usage_rollups.sql"),
    // 10: the response cache: what it did for each call and what hits saved; a route's own cache policy.
    include_str!("migrations/10_response_cache.sql"),
    // 11: the offline queue's outbox.
    include_str!("migrations/11_outbox.sql"),
    // 12: rate limits per access key.
    include_str!("migrations/12_access_key_limits.sql"),
    // 13: the audit log of changes, append-only.
    include_str!("migrations/13_audit_log.sql"),
    // 14: workflows, their runs and node records, workflow secret names.
    include_str!("migrations/14_workflows.sql"),
    // 15: workflow history: versions, branches, tags; the document each run ran.
    include_str!("migrations/15_workflow_history.sql"),
    // 16: branching chat history: each message's parent, each conversation's active leaf and last target.
    include_str!("migrations/16_message_branches.sql"),
    // 17: a full-text index over the messages, for search across conversations.
    include_str!("migrations/17_message_search.sql"),
    // 18: compare groups: the conversations shown side by side as panes of one compare.
    include_str!("migrations/18_compare_groups.sql"),
    // 19: feedback on answers (thumbs up/down and a note), shown in the usage log too.
    include_str!("migrations/19_message_feedback.sql"),
];

pub fn current_version(conn: &Connection) -> Result<usize> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))? as usize)
}

/// Applies every migration after the database's version, each in its own transaction.
pub fn migrate(conn: &mut Connection, migrations: &[&str]) -> Result<()> {
    let from = current_version(conn)?;
    if from > migrations.len() {
        return Err(Error::new(
            ErrorCategory::Storage,
            "database_too_new",
            format!(
                "The database was written by a newer Switchyard (schema {from}, this build knows {}). This build \
                 leaves it as it is: run the newer Switchyard again.",
                migrations.len()
            ),
        ));
    }
    for (index, sql) in migrations.iter().enumerate().skip(from) {
        apply(conn, index + 1, sql).map_err(|e| {
            tracing::error!(error = %e, version = index + 1, "database migration failed");
            Error::new(
                ErrorCategory::Storage,
                "database_migration_failed",
                format!("Upgrading the database to schema {} failed: {e}.", index + 1),
            )
        })?;
        tracing::info!(version = index + 1, "applied database migration");
    }
    Ok(())
}

fn apply(conn: &mut Connection, version: usize, sql: &str) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    tx.execute_batch(sql)?;
    tx.pragma_update(None, "user_version", version as i64)?;
    tx.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table_counts(conn: &Connection) -> Vec<(String, i64)> {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap();
        let names: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
        names
            .into_iter()
            .map(|n| {
                let c = conn.query_row(&format!("SELECT COUNT(*) FROM \"{n}\""), [], |r| r.get(0)).unwrap();
                (n, c)
            })
            .collect()
    }

    fn seed_version_1(conn: &Connection) {
        conn.execute_batch(
            "INSERT INTO providers (id,name,preset,base_url,key_ref,created_at,updated_at) VALUES ('p1','DeepSeek','deepseek','https://api.deepseek.com/v1','provider:p1',1,1);
             INSERT INTO conversations (id,title,created_at,updated_at) VALUES ('c1','Hello',1,1);
             INSERT INTO messages (id,conversation_id,role,content,status,created_at) VALUES ('m1','c1','user','hi','complete',1);
             INSERT INTO messages (id,conversation_id,role,content,status,model,created_at,output_tokens) VALUES ('m2','c1','assistant','hello!','complete','deepseek-chat',2,3);",
        )
        .unwrap();
    }

    /// A database made by every earlier migration set upgrades to the latest without losing a row.
    #[test]
    fn each_previous_schema_upgrades_without_losing_rows() {
        for previous in 1..MIGRATIONS.len() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("old.sqlite");
            {
                let mut old = Connection::open(&path).unwrap();
                migrate(&mut old, &MIGRATIONS[..previous]).unwrap();
                seed_version_1(&old);
            }
            let before = table_counts(&Connection::open(&path).unwrap());
            let store = crate::store::Store::open(&path).unwrap();
            let after =
                store.conn.lock().unwrap().query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap();
            assert_eq!(after as usize, MIGRATIONS.len());
            let conn = Connection::open(&path).unwrap();
            for (table, count) in before {
                let now: i64 = conn.query_row(&format!("SELECT COUNT(*) FROM \"{table}\""), [], |r| r.get(0)).unwrap();
                assert_eq!(now, count, "rows lost in {table} upgrading from {previous}");
            }
            let content: String =
                conn.query_row("SELECT content FROM messages WHERE id='m2'", [], |r| r.get(0)).unwrap();
            assert_eq!(content, "hello!");
        }
    }

    /// Ledger rows written before prices existed keep every field, learn their origin's kind, and stay unpriced.
    #[test]
    fn ledger_rows_of_schema_7_survive_the_costs_migration() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, &MIGRATIONS[..7]).unwrap();
        conn.execute_batch(
            "INSERT INTO ledger (at,origin,route,provider_id,provider_name,model,attempts,status,streamed,input_tokens,
                output_tokens,cache_read_tokens,cache_write_tokens,reasoning_tokens,usage_estimated,latency_ms,trace_id)
             VALUES (10,'chat:p1','deepseek-chat','p1','DeepSeek','deepseek-chat',1,'ok',1,100,20,5,0,0,0,300,'t1'),
                    (11,'gateway:cli','fast','p1','DeepSeek','deepseek-chat',2,'error',0,0,0,0,0,0,0,40,'t2');",
        )
        .unwrap();
        migrate(&mut conn, MIGRATIONS).unwrap();
        let rows = crate::store::ledger::recent(&conn, 10).unwrap();
        assert_eq!(rows.len(), 2);
        let (gateway, chat) = (&rows[0], &rows[1]);
        assert_eq!((chat.trace_id.as_str(), chat.usage.input_tokens, chat.usage.cache_read_tokens), ("t1", 100, 5));
        assert_eq!(chat.origin_kind, crate::origin::OriginKind::Pane);
        assert_eq!((gateway.origin_kind, gateway.attempts), (crate::origin::OriginKind::Gateway, 2));
        assert!(rows.iter().all(|r| r.cost.is_none()), "old rows must stay unpriced, not 0");
    }

    /// Ledger rows of schema 8 are in the rollups once migration 9 ran: the local zone's days and the spend hours.
    #[test]
    fn ledger_rows_of_schema_8_are_backfilled_into_the_rollups() {
        use crate::cost::report;
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, &MIGRATIONS[..8]).unwrap();
        conn.execute_batch(
            "INSERT INTO ledger (at,origin,route,provider_id,provider_name,model,attempts,status,error_category,streamed,
                input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,reasoning_tokens,usage_estimated,
                latency_ms,ttft_ms,trace_id,origin_kind,cost_micros,currency,cost_usd_micros,usd_per_unit_micros,price_source)
             VALUES (1700000000000,'chat:p1','r','p1','DeepSeek','deepseek-chat',1,'ok',NULL,1,100,20,5,0,0,0,300,80,'t1','pane',
                     7000,'CNY',980,140000,'genai_prices'),
                    (1700003600000,'gateway:cli','r','p1','DeepSeek','deepseek-chat',2,'error','timeout',0,10,0,0,0,0,0,
                     60000,NULL,'t2','gateway',NULL,NULL,NULL,NULL,NULL),
                    (1700090000000,'gateway:cli','r',NULL,NULL,NULL,1,'error','auth',0,0,0,0,0,0,0,5,NULL,'t3','gateway',
                     NULL,NULL,NULL,NULL,NULL);",
        )
        .unwrap();
        migrate(&mut conn, MIGRATIONS).unwrap();
        let zones = report::kept_zones(&conn).unwrap();
        assert_eq!(zones.len(), 1, "the machine's offset is kept");
        let mut rolled = report::rollup_cells(&conn, zones[0]).unwrap();
        let mut raw = report::raw_cells(&conn, i64::MIN, i64::MAX, zones[0]).unwrap();
        rolled.sort_by_key(|c| (c.day, c.status.clone()));
        raw.sort_by_key(|c| (c.day, c.status.clone()));
        assert_eq!(rolled.len(), 3);
        assert_eq!(rolled, raw, "one call per cell, so the JSON counts have one key each");
        assert_eq!(rolled.iter().map(|c| c.requests).sum::<u64>(), 3);
        assert_eq!(rolled.iter().map(|c| c.unpriced).sum::<u64>(), 2);
        let spend: (i64, i64) = conn
            .query_row("SELECT sum(requests), sum(cost_usd_micros) FROM usage_spend_hourly", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(spend, (3, 980));
    }

    #[test]
    fn the_latency_buckets_of_migration_9_are_the_histogram_s() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, MIGRATIONS).unwrap();
        let mut stmt = conn.prepare("SELECT lower_ms FROM usage_latency_buckets ORDER BY lower_ms").unwrap();
        let bounds: Vec<i64> = stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
        assert_eq!(bounds, crate::cost::report::histogram::LOWER_MS);
    }

    #[test]
    fn migrating_twice_is_a_no_op_and_newer_databases_are_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, MIGRATIONS).unwrap();
        migrate(&mut conn, MIGRATIONS).unwrap();
        assert_eq!(current_version(&conn).unwrap(), MIGRATIONS.len());
        let err = migrate(&mut conn, &MIGRATIONS[..1]).unwrap_err();
        assert_eq!(err.code, "database_too_new");
    }

    #[test]
    fn a_failing_migration_leaves_the_previous_version_intact() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, &MIGRATIONS[..1]).unwrap();
        let broken = [MIGRATIONS[0], "CREATE TABLE half (x); THIS IS NOT SQL;"];
        assert!(migrate(&mut conn, &broken).is_err());
        assert_eq!(current_version(&conn).unwrap(), 1);
        let half: i64 =
            conn.query_row("SELECT COUNT(*) FROM sqlite_master WHERE name='half'", [], |r| r.get(0)).unwrap();
        assert_eq!(half, 0, "partial migration was committed");
    }
}
