//! The accept loop: every connection is bounded in time and number, and a stop drains the calls in flight.
//!
//! axum's own `serve` has neither a header-read deadline nor a connection limit, so a client that sends half a
//! request line holds its connection for as long as it likes. Here hyper reads every request head (the first and
//! each one after a keep-alive pause) within `header_read_timeout`, at most `max_connections` are served at once
//! (the rest wait in the kernel's backlog), and `stop` stops accepting at once while calls already running get a
//! grace period to end.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::{JoinHandle, JoinSet};
use tokio_util::sync::CancellationToken;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Longest a client may take to send a request's line and headers, and longest a kept-alive connection may
    /// sit idle before its next request.
    pub header_read_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
    /// hyper's own read buffer: a request head larger than this is cut off by hyper with a bare 431. It stays far
    /// above the header limit the gateway enforces itself, so that clients get that refusal in their own format.
    pub max_buffer_bytes: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self { header_read_timeout: Duration::from_secs(30), max_connections: 4096, max_buffer_bytes: 4 * 1024 * 1024 }
    }
}

/// How a stop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// Every call in flight finished within the grace period.
    Drained,
    /// The grace period ended first; this many connections were cut.
    Cut(usize),
}

/// A running gateway. Dropping it leaves it running (like a task handle); `stop` or `abort` end it.
pub struct Gateway {
    addr: SocketAddr,
    stop: CancellationToken,
    cut: CancellationToken,
    task: JoinHandle<Stopped>,
}

/// Cuts every open connection of a gateway that is stopping, without waiting for its grace period to end.
#[derive(Clone)]
pub struct Cutter(CancellationToken);

impl Cutter {
    pub fn cut_now(&self) {
        self.0.cancel();
    }
}

impl Gateway {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn is_finished(&self) -> bool {
        self.task.is_finished()
    }

    pub fn cutter(&self) -> Cutter {
        Cutter(self.cut.clone())
    }

    /// Stops accepting at once; calls in flight have `grace` to end before their connections are cut.
    pub async fn stop(self, grace: Duration) -> Stopped {
        self.stop.cancel();
        let cut = self.cut.clone();
        let timer = tokio::spawn(async move {
            tokio::time::sleep(grace).await;
            cut.cancel();
        });
        let stopped = self.task.await.unwrap_or(Stopped::Cut(0));
        timer.abort();
        stopped
    }

    /// Ends everything now: no grace.
    pub async fn abort(self) {
        self.cut.cancel();
        self.stop(Duration::ZERO).await;
    }
}

pub async fn start(listener: TcpListener, app: Router, limits: ConnectionLimits) -> std::io::Result<Gateway> {
    let addr = listener.local_addr()?;
    let (stop, cut) = (CancellationToken::new(), CancellationToken::new());
    let task = tokio::spawn(accept_loop(listener, app, limits, stop.clone(), cut.clone()));
    Ok(Gateway { addr, stop, cut, task })
}

/// A streamed answer's first event must not wait for the client's delayed ACK of the headers (Nagle): ~40 ms.
fn send_without_delay(tcp: &tokio::net::TcpStream) {
    if let Err(e) = tcp.set_nodelay(true) {
        tracing::warn!(error = %e, "could not turn off Nagle's algorithm on a gateway connection");
    }
}

fn builder(limits: ConnectionLimits) -> Builder<TokioExecutor> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_buf_size(limits.max_buffer_bytes);
    builder.http2().timer(TokioTimer::new());
    builder
}

async fn accept_loop(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    stop: CancellationToken,
    cut: CancellationToken,
) -> Stopped {
    let builder = builder(limits);
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        let slot = tokio::select! {
            _ = stop.cancelled() => break,
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
        };
        let tcp = tokio::select! {
            _ = stop.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok((tcp, _)) => tcp,
                Err(e) => {
                    // Out of file descriptors, or a connection reset before it was accepted: wait, don't spin.
                    tracing::warn!(error = %e, "gateway could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        send_without_delay(&tcp);
        let service = TowerToHyperService::new(app.clone());
        let connection = builder.serve_connection_with_upgrades(TokioIo::new(tcp), service).into_owned();
        let connection = graceful.watch(connection);
        connections.spawn(async move {
            let _ = connection.await;
            drop(slot);
            crate::memory::connection_closed();
        });
    }
    drop(listener);
    tracing::info!(open = graceful.count(), "gateway stopping: no new connections");
    tokio::select! {
        _ = graceful.shutdown() => Stopped::Drained,
        _ = cut.cancelled() => {
            while connections.try_join_next().is_some() {}
            let cut = connections.len();
            connections.abort_all();
            while connections.join_next().await.is_some() {}
            tracing::warn!(cut, "gateway grace period ended: connections still open were cut");
            Stopped::Cut(cut)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn accepted_connections_send_without_delay() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let _client = tokio::net::TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
        let (accepted, _) = listener.accept().await.unwrap();
        send_without_delay(&accepted);
        assert!(accepted.nodelay().unwrap());
    }
}
