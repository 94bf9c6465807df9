//! Starts, stops and re-binds the gateway for the desktop app, and says how it is doing.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use switchyard_core::{Core, Error, ErrorCategory};

use crate::server::{Gateway, Stopped};
use tokio::sync::Mutex;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, specta::Type)]
pub struct GatewayStatus {
    pub running: bool,
    /// `http://127.0.0.1:PORT` while running.
    pub address: Option<String>,
    pub port: u16,
    /// Why it is not running when it should be (e.g. the port is taken).
    pub error: Option<Error>,
}

pub struct Supervisor {
    core: Arc<Core>,
    state: Mutex<(Option<Gateway>, GatewayStatus)>,
}

impl Supervisor {
    pub fn new(core: Arc<Core>) -> Self {
        let idle = GatewayStatus { running: false, address: None, port: crate::DEFAULT_PORT, error: None };
        Self { core, state: Mutex::new((None, idle)) }
    }

    pub async fn status(&self) -> GatewayStatus {
        self.state.lock().await.1.clone()
    }

    /// Makes the gateway run on `port` (or stop); a bind failure is reported in the status, not returned.
    pub async fn apply(&self, enabled: bool, port: u16) -> GatewayStatus {
        let mut state = self.state.lock().await;
        let (running, status) = &mut *state;
        if let Some(r) = running.as_ref() {
            if enabled && r.addr().port() == port && !r.is_finished() {
                return status.clone();
            }
        }
        if let Some(r) = running.take() {
            r.abort().await;
        }
        *status = GatewayStatus { running: false, address: None, port, error: None };
        if enabled {
            match crate::serve(self.core.clone(), Some(port)).await {
                Ok(gateway) => {
                    status.running = true;
                    status.address = Some(format!("http://{}", gateway.addr()));
                    *running = Some(gateway);
                }
                Err(e) => {
                    tracing::warn!(port, error = %e, "gateway could not start");
                    status.error = Some(Error::new(
                        ErrorCategory::Storage,
                        "gateway_bind_failed",
                        format!("The gateway could not listen on 127.0.0.1:{port} ({e}). Pick another port."),
                    ));
                }
            }
        }
        status.clone()
    }

    /// The app is quitting: no new connections, and calls in flight have `grace` to finish.
    pub async fn shutdown(&self, grace: Duration) -> Option<Stopped> {
        let mut state = self.state.lock().await;
        let stopped = match state.0.take() {
            Some(gateway) => Some(gateway.stop(grace).await),
            None => None,
        };
        state.1.running = false;
        state.1.address = None;
        stopped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchyard_core::providers::Deadlines;
    use switchyard_core::secrets::MemorySecretStore;
    use switchyard_core::CoreConfig;

    #[tokio::test]
    async fn starts_moves_reports_a_taken_port_and_stops() {
        let dir = tempfile::tempdir().unwrap();
        let config = CoreConfig {
            data_dir: dir.path().to_owned(),
            secrets: Arc::new(MemorySecretStore::default()),
            deadlines: Deadlines::default(),
            router: Default::default(),
            clock: std::sync::Arc::new(switchyard_core::cost::budget_book::SystemClock),
            queue: Default::default(),
            change_source: Default::default(),
        };
        let sup = Supervisor::new(Arc::new(Core::open(config).await.unwrap()));
        let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let on = sup.apply(true, free).await;
        assert!(on.running && on.address.as_deref() == Some(&*format!("http://127.0.0.1:{free}")));
        assert!(std::net::TcpStream::connect(("127.0.0.1", free)).is_ok());

        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let taken_port = taken.local_addr().unwrap().port();
        let blocked = sup.apply(true, taken_port).await;
        assert!(!blocked.running);
        assert_eq!(blocked.error.unwrap().code, "gateway_bind_failed");

        let off = sup.apply(false, free).await;
        assert_eq!(sup.shutdown(Duration::from_secs(1)).await, None, "nothing to stop");
        assert!(!off.running && off.error.is_none());
        assert!(std::net::TcpStream::connect(("127.0.0.1", free)).is_err(), "stopped gateway still accepts");
    }

    #[tokio::test]
    async fn a_quit_stops_the_running_gateway_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = Arc::new(MemorySecretStore::default());
        let core = Core::open(CoreConfig::new(dir.path().to_owned(), secrets)).await.unwrap();
        let sup = Supervisor::new(Arc::new(core));
        let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        assert!(sup.apply(true, free).await.running);
        assert_eq!(sup.shutdown(Duration::from_secs(5)).await, Some(Stopped::Drained));
        let status = sup.status().await;
        assert!(!status.running && status.address.is_none());
        assert!(std::net::TcpStream::connect(("127.0.0.1", free)).is_err(), "still accepting after quit");
    }
}
