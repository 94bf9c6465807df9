//! User preferences kept in the database: language, theme and the last model used.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::cost::pricing::ExchangeRate;
use crate::error::{Error, Result};
use crate::store::settings as table;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    System,
    Light,
    Dark,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Settings {
    /// BCP-47 tag of a shipped UI language, or None to follow the system.
    pub language: Option<String>,
    pub theme: Theme,
    pub last_provider_id: Option<String>,
    pub last_model: Option<String>,
    /// The route the chat pane used last; when set, it is preselected instead of a provider's model.
    #[serde(default)]
    pub last_route: Option<String>,
    /// Whether the app serves the local gateway on 127.0.0.1.
    #[serde(default = "enabled")]
    pub gateway_enabled: bool,
    #[serde(default = "default_port")]
    pub gateway_port: u16,
    /// What one unit of each non-dollar currency is worth in US dollars, for the USD figure of every cost.
    #[serde(default = "crate::cost::pricing::default_rates")]
    pub exchange_rates: Vec<ExchangeRate>,
    /// Ledger rows older than this many days are deleted; None keeps them until the user deletes them.
    #[serde(default)]
    pub retention_days: Option<u32>,
    /// One notification a day with yesterday's spend.
    #[serde(default)]
    pub daily_report_notification: bool,
    /// Which requests the response cache answers; a route may set its own.
    #[serde(default)]
    pub cache_policy: crate::cache::CachePolicy,
    /// The memory tier's budget.
    #[serde(default = "default_cache_memory_mb")]
    pub cache_memory_mb: u32,
    /// The cache file's cap; past it the least recently used answers go.
    #[serde(default = "default_cache_disk_mb")]
    pub cache_disk_mb: u32,
    /// How long a kept answer is served.
    #[serde(default = "default_cache_ttl_days")]
    pub cache_ttl_days: u32,
    /// How many messages may wait in the offline queue; past it a new one is refused, never an old one dropped.
    #[serde(default = "default_queue_max_items")]
    pub queue_max_items: u32,
    /// How much text may wait in the offline queue, in KB.
    #[serde(default = "default_queue_max_kb")]
    pub queue_max_kb: u32,
    /// How many ledger rows may wait in memory while the database cannot be written (a full disk).
    #[serde(default = "default_ledger_buffer_rows")]
    pub ledger_buffer_rows: u32,
    /// What happens to new calls once that many rows wait.
    #[serde(default)]
    pub ledger_when_full: crate::ledger_writer::WhenLedgerFull,
    /// How many nodes of one workflow run may run at once (each iteration has its own limit too).
    #[serde(default = "default_workflow_parallelism")]
    pub workflow_parallelism: u32,
    /// What the app does about a newer version.
    #[serde(default)]
    pub updates: UpdateMode,
    /// What closing the window does: None asks at the first close; true keeps the app and its gateway running in
    /// the tray; false quits.
    #[serde(default)]
    pub close_to_tray: Option<bool>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum UpdateMode {
    /// No check is made.
    Off,
    /// Checks at start and every few hours, and tells the person, who chooses when to download and install.
    #[default]
    Notify,
    /// Checks the same way, downloads and verifies a new version at once, and installs it on the next restart.
    InstallOnRestart,
}

pub const DEFAULT_GATEWAY_PORT: u16 = 8765;

fn enabled() -> bool {
    true
}

fn default_port() -> u16 {
    DEFAULT_GATEWAY_PORT
}

fn default_cache_memory_mb() -> u32 {
    64
}

fn default_cache_disk_mb() -> u32 {
    512
}

fn default_cache_ttl_days() -> u32 {
    7
}

fn default_queue_max_items() -> u32 {
    100
}

fn default_ledger_buffer_rows() -> u32 {
    100_000
}

fn default_workflow_parallelism() -> u32 {
    4
}

fn default_queue_max_kb() -> u32 {
    4096
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            language: None,
            theme: Theme::System,
            last_provider_id: None,
            last_model: None,
            last_route: None,
            gateway_enabled: true,
            gateway_port: DEFAULT_GATEWAY_PORT,
            exchange_rates: crate::cost::pricing::default_rates(),
            retention_days: None,
            daily_report_notification: false,
            cache_policy: Default::default(),
            cache_memory_mb: default_cache_memory_mb(),
            cache_disk_mb: default_cache_disk_mb(),
            cache_ttl_days: default_cache_ttl_days(),
            queue_max_items: default_queue_max_items(),
            queue_max_kb: default_queue_max_kb(),
            ledger_buffer_rows: default_ledger_buffer_rows(),
            ledger_when_full: Default::default(),
            workflow_parallelism: default_workflow_parallelism(),
            updates: UpdateMode::default(),
            close_to_tray: None,
        }
    }
}

/// The rates the pricer converts with: the user's, and the defaults for currencies they did not set.
pub fn exchange_rates(s: &Settings) -> Vec<ExchangeRate> {
    let mut rates = s.exchange_rates.clone();
    for default in crate::cost::pricing::default_rates() {
        if !rates.iter().any(|r| r.currency == default.currency) {
            rates.push(default);
        }
    }
    rates
}

pub const LANGUAGES: &[&str] = &["en", "zh-CN"];

pub fn load(conn: &Connection) -> Result<Settings> {
    match table::get(conn, "preferences")? {
        // A value written by a newer build that this one cannot read falls back to defaults rather than failing.
        Some(json) => Ok(serde_json::from_str(&json).unwrap_or_default()),
        None => Ok(Settings::default()),
    }
}

pub fn save(conn: &Connection, s: &Settings) -> Result<()> {
    if s.gateway_port < 1024 {
        return Err(Error::invalid("invalid_port", "Pick a gateway port from 1024 to 65535."));
    }
    if let Some(r) = s.exchange_rates.iter().find(|r| r.usd_per_unit_micros <= 0 || r.currency.len() != 3) {
        return Err(Error::invalid(
            "invalid_exchange_rate",
            format!("The exchange rate for '{}' must be a three-letter currency and more than zero.", r.currency),
        ));
    }
    if s.retention_days == Some(0) {
        return Err(Error::invalid("invalid_retention", "Keep usage for at least one day, or forever."));
    }
    if !(1..=16_384).contains(&s.cache_memory_mb) || !(1..=1_048_576).contains(&s.cache_disk_mb) {
        return Err(Error::invalid(
            "invalid_cache_size",
            "The cache needs at least 1 MB in memory (at most 16 GB) and 1 MB on disk (at most 1 TB).",
        ));
    }
    if !(1..=3650).contains(&s.cache_ttl_days) {
        return Err(Error::invalid("invalid_cache_ttl", "Keep cached answers from 1 day to 10 years."));
    }
    if !(1..=100_000).contains(&s.queue_max_items) || !(1..=1_048_576).contains(&s.queue_max_kb) {
        return Err(Error::invalid(
            "invalid_queue_limit",
            "The offline queue holds from 1 to 100,000 messages and from 1 KB to 1 GB of text.",
        ));
    }
    if !(100..=10_000_000).contains(&s.ledger_buffer_rows) {
        return Err(Error::invalid(
            "invalid_ledger_buffer",
            "Keep from 100 to 10,000,000 unwritten usage records in memory while the disk is full.",
        ));
    }
    if !(1..=64).contains(&s.workflow_parallelism) {
        return Err(Error::invalid("invalid_workflow_parallelism", "Let from 1 to 64 workflow nodes run at once."));
    }
    if let Some(lang) = &s.language {
        if !LANGUAGES.contains(&lang.as_str()) {
            return Err(Error::invalid("unknown_language", format!("'{lang}' is not a supported language.")));
        }
    }
    table::set(conn, "preferences", &serde_json::to_string(s).map_err(|e| Error::internal(e.to_string()))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrations::{migrate, MIGRATIONS};

    /// Preferences saved before workflows existed run four nodes at once.
    fn old_default_parallelism() -> u32 {
        serde_json::from_str::<Settings>(
            r#"{"language":null,"theme":"dark","last_provider_id":null,"last_model":null}"#,
        )
        .unwrap()
        .workflow_parallelism
    }

    #[test]
    fn saves_loads_and_rejects_unknown_languages() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, MIGRATIONS).unwrap();
        assert_eq!(load(&conn).unwrap(), Settings::default());
        let s = Settings {
            language: Some("zh-CN".into()),
            theme: Theme::Dark,
            last_provider_id: Some("p".into()),
            last_model: Some("m".into()),
            last_route: Some("smart".into()),
            gateway_enabled: false,
            gateway_port: 9000,
            exchange_rates: vec![ExchangeRate { currency: "CNY".into(), usd_per_unit_micros: 140_000 }],
            retention_days: Some(90),
            daily_report_notification: true,
            cache_policy: crate::cache::CachePolicy::Always,
            cache_memory_mb: 8,
            cache_disk_mb: 100,
            cache_ttl_days: 30,
            queue_max_items: 7,
            queue_max_kb: 64,
            ledger_buffer_rows: 500,
            ledger_when_full: crate::ledger_writer::WhenLedgerFull::Drop,
            workflow_parallelism: 9,
            updates: UpdateMode::InstallOnRestart,
            close_to_tray: Some(true),
        };
        save(&conn, &s).unwrap();
        assert_eq!(load(&conn).unwrap(), s);
        let bad = Settings { language: Some("xx".into()), ..Settings::default() };
        assert_eq!(save(&conn, &bad).unwrap_err().code, "unknown_language");
        for parallelism in [0, 65] {
            let bad = Settings { workflow_parallelism: parallelism, ..Settings::default() };
            assert_eq!(save(&conn, &bad).unwrap_err().code, "invalid_workflow_parallelism");
        }
        assert_eq!(old_default_parallelism(), 4);
        let low_port = Settings { gateway_port: 80, ..Settings::default() };
        assert_eq!(save(&conn, &low_port).unwrap_err().code, "invalid_port");
        // Preferences saved before the gateway existed still load, with it on at the default port.
        table::set(
            &conn,
            "preferences",
            r#"{"language":null,"theme":"dark","last_provider_id":null,"last_model":null}"#,
        )
        .unwrap();
        let old = load(&conn).unwrap();
        assert!(old.gateway_enabled && old.gateway_port == DEFAULT_GATEWAY_PORT && old.theme == Theme::Dark);
        assert_eq!(old.last_route, None);
        // Preferences saved before updates existed check and tell, and ask at the first close.
        assert_eq!((old.updates, old.close_to_tray), (UpdateMode::Notify, None));
        assert_eq!((old.exchange_rates, old.retention_days), (crate::cost::pricing::default_rates(), None));
        let bad_rate = Settings {
            exchange_rates: vec![ExchangeRate { currency: "CNY".into(), usd_per_unit_micros: 0 }],
            ..Settings::default()
        };
        assert_eq!(save(&conn, &bad_rate).unwrap_err().code, "invalid_exchange_rate");
        let bad_code = Settings {
            exchange_rates: vec![ExchangeRate { currency: "YUAN".into(), usd_per_unit_micros: 5 }],
            ..Settings::default()
        };
        assert_eq!(save(&conn, &bad_code).unwrap_err().code, "invalid_exchange_rate");
        for (items, kb) in [(0, 64), (100_001, 64), (5, 0), (5, 1_048_577)] {
            let bad_queue = Settings { queue_max_items: items, queue_max_kb: kb, ..Settings::default() };
            assert_eq!(save(&conn, &bad_queue).unwrap_err().code, "invalid_queue_limit", "{items} items, {kb} KB");
        }
        let edges = Settings { queue_max_items: 100_000, queue_max_kb: 1_048_576, ..Settings::default() };
        save(&conn, &edges).unwrap();
        for rows in [99, 10_000_001] {
            let bad = Settings { ledger_buffer_rows: rows, ..Settings::default() };
            assert_eq!(save(&conn, &bad).unwrap_err().code, "invalid_ledger_buffer", "{rows} rows");
        }
        for rows in [100, 10_000_000] {
            save(&conn, &Settings { ledger_buffer_rows: rows, ..Settings::default() }).unwrap();
        }
        let zero_days = Settings { retention_days: Some(0), ..Settings::default() };
        assert_eq!(save(&conn, &zero_days).unwrap_err().code, "invalid_retention");
    }

    #[test]
    fn exchange_rates_keep_the_users_and_fill_in_the_defaults() {
        let custom = ExchangeRate { currency: "EUR".into(), usd_per_unit_micros: 1_080_000 };
        let s = Settings { exchange_rates: vec![custom.clone()], ..Settings::default() };
        let rates = exchange_rates(&s);
        assert_eq!(rates[0], custom);
        assert!(rates.iter().any(|r| r.currency == "CNY"));
        let own_cny = ExchangeRate { currency: "CNY".into(), usd_per_unit_micros: 150_000 };
        let s = Settings { exchange_rates: vec![own_cny.clone()], ..Settings::default() };
        assert_eq!(exchange_rates(&s), vec![own_cny]);
    }
}
