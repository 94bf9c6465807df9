//! What can be reached: the OS's network interfaces (not the webview's online flag) and each provider, as its last
//! call or probe found it. An unreachable provider is probed (a cheap model list) with backoff before the queue sends
//! it anything again; an interface coming up probes at once.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::Notify;

use super::backoff;
use crate::error::{Error, ErrorCategory};
use crate::events::{CoreEvent, Events};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Reachability {
    /// Not called since the app started.
    Unknown,
    Online,
    /// It answers, but with errors (5xx, 429) or too slowly.
    Degraded,
    /// It could not be reached at all.
    Offline,
}

/// One provider's state, for the UI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ProviderReach {
    pub provider_id: String,
    pub state: Reachability,
    pub last_error: Option<Error>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub checked_at: Option<i64>,
    /// When an offline provider is probed next.
    #[specta(type = Option<specta_typescript::Number>)]
    pub next_probe_at: Option<i64>,
}

#[derive(Debug, Clone)]
struct Health {
    state: Reachability,
    last_error: Option<Error>,
    checked_at: i64,
    failures: u32,
    next_probe_at: i64,
}

pub struct Connectivity {
    providers: Mutex<HashMap<String, Health>>,
    network_down: AtomicBool,
    /// Woken whenever something may now be sendable.
    pub(crate) wake: Notify,
    first_delay: Duration,
    max_delay: Duration,
    events: Option<Events>,
}

impl Connectivity {
    pub fn new(first_delay: Duration, max_delay: Duration, events: Option<Events>) -> Self {
        Self {
            providers: Mutex::default(),
            network_down: AtomicBool::new(false),
            wake: Notify::new(),
            first_delay,
            max_delay,
            events,
        }
    }

    pub fn state(&self, provider_id: &str) -> Reachability {
        self.providers.lock().unwrap().get(provider_id).map_or(Reachability::Unknown, |h| h.state)
    }

    /// Whether a call to this provider is worth making now: not while it is known unreachable and not yet due for a
    /// probe, and not to a remote one while the OS has no network.
    pub fn may_try(&self, provider_id: &str, loopback: bool, now: i64) -> bool {
        if !loopback && self.network_down.load(Ordering::Acquire) {
            return false;
        }
        match self.providers.lock().unwrap().get(provider_id) {
            Some(h) if h.state == Reachability::Offline => h.next_probe_at <= now,
            _ => true,
        }
    }

    /// When the next probe of an unreachable provider is due (None when it is not known unreachable).
    pub fn next_probe_at(&self, provider_id: &str) -> Option<i64> {
        self.providers
            .lock()
            .unwrap()
            .get(provider_id)
            .filter(|h| h.state == Reachability::Offline)
            .map(|h| h.next_probe_at)
    }

    /// A call or probe got an answer.
    pub fn succeeded(&self, provider_id: &str, now: i64) {
        let health =
            Health { state: Reachability::Online, last_error: None, checked_at: now, failures: 0, next_probe_at: 0 };
        let before = self.providers.lock().unwrap().insert(provider_id.to_owned(), health).map(|h| h.state);
        if before != Some(Reachability::Online) {
            self.changed();
        }
    }

    /// A call or probe failed. Only failures that say something about reaching the provider count: a refused key or
    /// a bad request does not make it offline.
    pub fn failed(&self, provider_id: &str, error: &Error, now: i64) {
        let state = match error.category {
            ErrorCategory::Connect => Reachability::Offline,
            ErrorCategory::Timeout | ErrorCategory::Upstream | ErrorCategory::RateLimited => Reachability::Degraded,
            _ => return,
        };
        let mut providers = self.providers.lock().unwrap();
        let failures = providers.get(provider_id).map_or(0, |h| h.failures) + 1;
        let delay = backoff(failures, self.first_delay, self.max_delay, fastrand::f64());
        let health = Health {
            state,
            last_error: Some(error.clone()),
            checked_at: now,
            failures,
            next_probe_at: now + delay.as_millis() as i64,
        };
        let before = providers.insert(provider_id.to_owned(), health).map(|h| h.state);
        drop(providers);
        if before != Some(state) {
            self.changed();
        }
    }

    /// The OS's interfaces changed: with an address again, every unreachable provider is probed at once.
    pub fn network_changed(&self, up: bool) {
        let was_down = self.network_down.swap(!up, Ordering::AcqRel);
        if up {
            self.probe_soon();
        }
        if was_down == up {
            tracing::info!(up, "the network changed");
            self.changed();
        }
    }

    /// Every unreachable provider is due for a probe now (the network came back, or the person asked to send).
    pub fn probe_soon(&self) {
        for h in self.providers.lock().unwrap().values_mut() {
            h.next_probe_at = 0;
        }
        self.wake.notify_one();
    }

    pub fn network_up(&self) -> bool {
        !self.network_down.load(Ordering::Acquire)
    }

    pub fn providers(&self) -> Vec<ProviderReach> {
        let mut all: Vec<ProviderReach> = self
            .providers
            .lock()
            .unwrap()
            .iter()
            .map(|(id, h)| ProviderReach {
                provider_id: id.clone(),
                state: h.state,
                last_error: h.last_error.clone(),
                checked_at: Some(h.checked_at),
                next_probe_at: (h.state == Reachability::Offline).then_some(h.next_probe_at),
            })
            .collect();
        all.sort_by(|a, b| a.provider_id.cmp(&b.provider_id));
        all
    }

    fn changed(&self) {
        if let Some(events) = &self.events {
            events.send(CoreEvent::ConnectivityChanged);
        }
    }
}

/// Whether a provider's base URL is on this machine (Ollama, a local mock): reachable without a network.
pub fn is_loopback(base_url: &str) -> bool {
    let host = reqwest::Url::parse(base_url).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The addresses the OS's interfaces have, loopback aside: the network is up while there is one.
#[derive(Default)]
struct Interfaces {
    addresses: HashSet<if_watch::IpNet>,
}

impl Interfaces {
    /// Whether the network is up after `event`; None when the event is about loopback only.
    fn apply(&mut self, event: &if_watch::IfEvent) -> Option<bool> {
        match event {
            if_watch::IfEvent::Up(net) if !net.addr().is_loopback() => {
                self.addresses.insert(*net);
            }
            if_watch::IfEvent::Down(net) if !net.addr().is_loopback() => {
                self.addresses.remove(net);
            }
            _ => return None,
        }
        Some(!self.addresses.is_empty())
    }
}

/// Follows the OS's interfaces until the app ends. Where interfaces cannot be watched, the network is taken to be
/// up (calls still find out).
pub fn watch_interfaces(connectivity: Arc<Connectivity>) {
    tokio::spawn(async move {
        use futures::StreamExt;
        let mut watcher = match if_watch::tokio::IfWatcher::new() {
            Ok(w) => w,
            Err(e) => {
                tracing::info!(error = %e, "network interfaces cannot be watched here; the network is taken to be up");
                return;
            }
        };
        let mut interfaces = Interfaces::default();
        while let Some(event) = watcher.next().await {
            match event {
                Ok(event) => {
                    if let Some(up) = interfaces.apply(&event) {
                        connectivity.network_changed(up);
                    }
                }
                Err(e) => tracing::debug!(error = %e, "a network interface event could not be read"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connectivity() -> Connectivity {
        Connectivity::new(Duration::from_secs(2), Duration::from_secs(60), None)
    }

    #[test]
    fn an_unreachable_provider_is_not_tried_again_until_its_probe_is_due() {
        let c = connectivity();
        assert_eq!(c.state("p"), Reachability::Unknown);
        assert!(c.may_try("p", false, 0));
        c.failed("p", &Error::new(ErrorCategory::Connect, "provider_unreachable", ""), 1_000);
        assert_eq!(c.state("p"), Reachability::Offline);
        let due = c.next_probe_at("p").unwrap();
        assert!((2_000..=3_000).contains(&due), "first probe within the first delay and its jitter: {due}");
        assert!(!c.may_try("p", false, due - 1));
        assert!(c.may_try("p", false, due));
        c.failed("p", &Error::new(ErrorCategory::Connect, "provider_unreachable", ""), due);
        let second = c.next_probe_at("p").unwrap() - due;
        assert!((2_000..=4_000).contains(&second), "the delay doubles: {second}");
        c.succeeded("p", due + 10);
        assert_eq!((c.state("p"), c.next_probe_at("p")), (Reachability::Online, None));
        assert!(c.may_try("p", false, 0));
    }

    #[test]
    fn errors_of_the_provider_degrade_it_and_errors_of_the_request_say_nothing() {
        let c = connectivity();
        c.failed("p", &Error::new(ErrorCategory::Upstream, "provider_error", ""), 0);
        assert_eq!(c.state("p"), Reachability::Degraded);
        assert!(c.may_try("p", false, 0), "a degraded provider is still tried");
        assert_eq!(c.next_probe_at("p"), None);
        c.failed("q", &Error::new(ErrorCategory::Auth, "provider_auth_failed", ""), 0);
        assert_eq!(c.state("q"), Reachability::Unknown);
        assert_eq!(c.providers().len(), 1);
    }

    #[test]
    fn without_a_network_only_local_providers_are_tried_and_its_return_probes_at_once() {
        let c = connectivity();
        c.failed("p", &Error::new(ErrorCategory::Connect, "provider_unreachable", ""), 0);
        c.network_changed(false);
        assert!(!c.network_up());
        assert!(!c.may_try("remote", false, 0));
        assert!(c.may_try("local", true, 0));
        c.network_changed(true);
        assert!(c.network_up());
        assert_eq!(c.next_probe_at("p"), Some(0), "probed at once");
        assert!(c.may_try("p", false, 0));
    }

    #[tokio::test]
    async fn each_change_is_announced_once_when_it_happens() {
        let events = Events::start();
        let mut rx = events.subscribe();
        let c = Connectivity::new(Duration::from_secs(1), Duration::from_secs(2), Some(events));
        let mut announced = || {
            let mut n = 0;
            while let Ok(e) = rx.try_recv() {
                assert_eq!(e, CoreEvent::ConnectivityChanged);
                n += 1;
            }
            n
        };
        let down = Error::new(ErrorCategory::Connect, "provider_unreachable", "");
        c.failed("p", &down, 0);
        assert_eq!(announced(), 1, "unknown to offline");
        c.failed("p", &down, 1);
        assert_eq!(announced(), 0, "still offline");
        c.succeeded("p", 2);
        assert_eq!(announced(), 1, "offline to online");
        c.succeeded("p", 3);
        assert_eq!(announced(), 0, "still online");
        c.network_changed(true);
        assert_eq!(announced(), 0, "the network was already up");
        c.network_changed(false);
        assert_eq!(announced(), 1, "the network went down");
        c.network_changed(false);
        assert_eq!(announced(), 0, "still down");
        c.network_changed(true);
        assert_eq!(announced(), 1, "back up");
    }

    #[test]
    fn only_an_offline_provider_shows_when_it_is_probed_next() {
        let c = connectivity();
        c.failed("a", &Error::new(ErrorCategory::Connect, "provider_unreachable", ""), 0);
        c.failed("b", &Error::new(ErrorCategory::Upstream, "provider_unavailable", ""), 0);
        let all = c.providers();
        assert_eq!(all.iter().map(|p| p.provider_id.as_str()).collect::<Vec<_>>(), vec!["a", "b"]);
        assert!(all[0].next_probe_at.is_some() && all[1].next_probe_at.is_none());
        assert_eq!((all[0].state, all[1].state), (Reachability::Offline, Reachability::Degraded));
        assert_eq!(all[1].last_error.as_ref().unwrap().code, "provider_unavailable");
    }

    #[test]
    fn the_network_is_up_while_an_interface_other_than_loopback_has_an_address() {
        use if_watch::IfEvent::{Down, Up};
        let net = |s: &str| s.parse::<if_watch::IpNet>().unwrap();
        let mut interfaces = Interfaces::default();
        assert_eq!(interfaces.apply(&Up(net("127.0.0.1/8"))), None, "loopback says nothing");
        assert_eq!(interfaces.apply(&Up(net("192.168.1.20/24"))), Some(true));
        assert_eq!(interfaces.apply(&Up(net("fe80::1/64"))), Some(true));
        assert_eq!(interfaces.apply(&Down(net("192.168.1.20/24"))), Some(true), "one address is left");
        assert_eq!(interfaces.apply(&Down(net("::1/128"))), None);
        assert_eq!(interfaces.apply(&Down(net("fe80::1/64"))), Some(false), "none left: offline");
    }

    #[test]
    fn loopback_hosts_are_recognised() {
        assert!(is_loopback("http://127.0.0.1:11434/v1"));
        assert!(is_loopback("http://localhost:8080"));
        assert!(is_loopback("http://[::1]:8080/v1"));
        assert!(!is_loopback("https://api.openai.com/v1"));
        assert!(!is_loopback("not a url"));
    }
}
