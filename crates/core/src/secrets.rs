//! API keys live only in the OS keychain. SQLite keeps a reference (the account name), never the key.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use serde::{Serialize, Serializer};

use crate::error::{Error, ErrorCategory, Result};

/// Keychain service name every Switchyard secret is filed under.
pub const KEYCHAIN_SERVICE: &str = "switchyard";

/// A value that must never be printed, logged or sent back to the UI.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }
    /// The only way to read the value; grep for it to audit every use.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("*****")
    }
}

impl<T> fmt::Display for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("*****")
    }
}

impl<T> Serialize for Secret<T> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str("*****")
    }
}

pub trait SecretStore: Send + Sync {
    fn set(&self, account: &str, secret: &Secret<String>) -> Result<()>;
    fn get(&self, account: &str) -> Result<Option<Secret<String>>>;
    /// Deleting an absent secret is not an error.
    fn delete(&self, account: &str) -> Result<()>;
}

/// The OS keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows).
pub struct KeyringStore {
    service: String,
}

impl KeyringStore {
    pub fn new() -> Self {
        Self::with_service(KEYCHAIN_SERVICE)
    }
    pub fn with_service(service: &str) -> Self {
        Self { service: service.to_owned() }
    }
    fn entry(&self, account: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(&self.service, account).map_err(keychain_error)
    }
}

impl Default for KeyringStore {
    fn default() -> Self {
        Self::new()
    }
}

fn keychain_error(e: keyring::Error) -> Error {
    tracing::error!(error = %e, "keychain error");
    Error::new(
        ErrorCategory::Storage,
        "keychain_unavailable",
        "The system keychain could not be used. Make sure a keyring service (e.g. GNOME Keyring) is running and unlocked.",
    )
}

impl SecretStore for KeyringStore {
    fn set(&self, account: &str, secret: &Secret<String>) -> Result<()> {
        self.entry(account)?.set_password(secret.expose()).map_err(keychain_error)
    }
    fn get(&self, account: &str) -> Result<Option<Secret<String>>> {
        match self.entry(account)?.get_password() {
            Ok(v) => Ok(Some(Secret::new(v))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keychain_error(e)),
        }
    }
    fn delete(&self, account: &str) -> Result<()> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keychain_error(e)),
        }
    }
}

/// For tests and for runs that must not touch the user's keychain.
#[derive(Default)]
pub struct MemorySecretStore {
    items: Mutex<HashMap<String, Secret<String>>>,
}

impl SecretStore for MemorySecretStore {
    fn set(&self, account: &str, secret: &Secret<String>) -> Result<()> {
        self.items.lock().unwrap().insert(account.to_owned(), secret.clone());
        Ok(())
    }
    fn get(&self, account: &str) -> Result<Option<Secret<String>>> {
        Ok(self.items.lock().unwrap().get(account).cloned())
    }
    fn delete(&self, account: &str) -> Result<()> {
        self.items.lock().unwrap().remove(account);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_redacts_in_debug_display_and_json() {
        let s = Secret::new("sk-live-abcdef123456".to_owned());
        assert_eq!(format!("{s:?}"), "*****");
        assert_eq!(format!("{s}"), "*****");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"*****\"");
        assert_eq!(s.expose(), "sk-live-abcdef123456");
    }

    #[test]
    fn memory_store_sets_gets_and_deletes() {
        let store = MemorySecretStore::default();
        assert!(store.get("a").unwrap().is_none());
        store.set("a", &Secret::new("k1".into())).unwrap();
        assert_eq!(store.get("a").unwrap().unwrap().expose(), "k1");
        store.delete("a").unwrap();
        store.delete("a").unwrap();
        assert!(store.get("a").unwrap().is_none());
    }

    /// Runs against the real keychain only when the harness started one (scripts/test.sh does, in a dbus session).
    #[test]
    fn keyring_store_round_trips_when_a_keychain_is_running() {
        if std::env::var("SWITCHYARD_TEST_KEYCHAIN").as_deref() != Ok("1") {
            eprintln!(
                "SKIP: no keychain session (set SWITCHYARD_TEST_KEYCHAIN=1 inside dbus-run-session + gnome-keyring)"
            );
            return;
        }
        let store = KeyringStore::with_service("switchyard-test");
        let account = format!("test-{}", uuid::Uuid::new_v4());
        store.set(&account, &Secret::new("sk-test-roundtrip".into())).unwrap();
        assert_eq!(store.get(&account).unwrap().unwrap().expose(), "sk-test-roundtrip");
        store.delete(&account).unwrap();
        assert!(store.get(&account).unwrap().is_none());
    }
}
