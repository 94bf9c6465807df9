//! Connections are bounded: a client that never finishes its request head is hung up on, an idle kept-alive
//! connection is closed, and past the connection limit new clients wait until one ends.

#[path = "../../core/tests/support/mod.rs"]
mod support;

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use switchyard_gateway::{ConnectionLimits, HttpLimits, Stopped};

async fn gateway(limits: ConnectionLimits) -> (tempfile::TempDir, switchyard_gateway::Gateway) {
    let dir = tempfile::tempdir().unwrap();
    let core = Arc::new(support::open_core(dir.path()).await);
    (dir, switchyard_gateway::serve_with(core, Some(0), limits, HttpLimits::default()).await.unwrap())
}

fn short_header_deadline() -> ConnectionLimits {
    ConnectionLimits { header_read_timeout: Duration::from_millis(300), ..ConnectionLimits::default() }
}

/// Reads until the server closes the connection; how long that took, and what it sent.
fn until_closed(mut tcp: TcpStream, within: Duration) -> (Duration, String) {
    let started = Instant::now();
    tcp.set_read_timeout(Some(within)).unwrap();
    let mut got = Vec::new();
    loop {
        let mut buf = [0u8; 4096];
        match tcp.read(&mut buf) {
            Ok(0) => return (started.elapsed(), String::from_utf8_lossy(&got).into_owned()),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => {
                return (started.elapsed(), String::from_utf8_lossy(&got).into_owned())
            }
            Err(e) => panic!("the connection was still open after {within:?} ({e})"),
        }
    }
}

const HEALTH: &[u8] = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_a_request_line_is_hung_up_on_after_the_header_deadline() {
    let (_dir, gw) = gateway(short_header_deadline()).await;
    let addr = gw.addr();
    let (held, _) = tokio::task::spawn_blocking(move || {
        let mut tcp = TcpStream::connect(addr).unwrap();
        tcp.write_all(b"POST /v1/chat/compl").unwrap();
        until_closed(tcp, Duration::from_secs(10))
    })
    .await
    .unwrap();
    assert!(held >= Duration::from_millis(250), "closed before the deadline: {held:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_kept_alive_connection_is_closed_after_the_same_deadline() {
    let (_dir, gw) = gateway(short_header_deadline()).await;
    let addr = gw.addr();
    let answer = tokio::task::spawn_blocking(move || {
        let mut tcp = TcpStream::connect(addr).unwrap();
        tcp.write_all(HEALTH).unwrap();
        until_closed(tcp, Duration::from_secs(10)).1
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

fn health_answered(addr: SocketAddr, within: Duration) -> bool {
    let mut tcp = TcpStream::connect(addr).unwrap();
    tcp.write_all(HEALTH).unwrap();
    tcp.set_read_timeout(Some(within)).unwrap();
    let mut buf = [0u8; 12];
    matches!(tcp.read(&mut buf), Ok(n) if n > 0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_connection_limit_a_client_waits_until_a_connection_ends() {
    let limits = ConnectionLimits { max_connections: 2, ..ConnectionLimits::default() };
    let (_dir, gw) = gateway(limits).await;
    let addr = gw.addr();
    let served = tokio::task::spawn_blocking(move || {
        let first = TcpStream::connect(addr).unwrap();
        let second = TcpStream::connect(addr).unwrap();
        // Both slots are taken by connections that send nothing; a third is not served while they stay.
        let mut third = TcpStream::connect(addr).unwrap();
        third.write_all(HEALTH).unwrap();
        third.set_read_timeout(Some(Duration::from_millis(500))).unwrap();
        let mut buf = [0u8; 12];
        let early = third.read(&mut buf).map(|n| n > 0).unwrap_or(false);
        drop(first);
        third.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let later = matches!(third.read(&mut buf), Ok(n) if n > 0);
        drop(second);
        (early, later, health_answered(addr, Duration::from_secs(10)))
    })
    .await
    .unwrap();
    assert_eq!(served, (false, true, true), "(served while full, served once a slot freed, served after)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_with_only_idle_connections_drains_at_once_and_frees_the_port() {
    let (_dir, gw) = gateway(ConnectionLimits::default()).await;
    let addr = gw.addr();
    let idle = TcpStream::connect(addr).unwrap();
    assert!(tokio::task::spawn_blocking(move || health_answered(addr, Duration::from_secs(10))).await.unwrap());
    let stopped = tokio::time::timeout(Duration::from_secs(10), gw.stop(Duration::from_secs(600))).await;
    assert_eq!(stopped.expect("an idle connection held the stop for its grace period"), Stopped::Drained);
    assert!(TcpStream::connect(addr).is_err(), "still accepting after the stop");
    drop(idle);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_mid_request_is_cut_when_the_grace_period_ends() {
    let (_dir, gw) = gateway(ConnectionLimits::default()).await;
    let addr = gw.addr();
    // A request whose body never comes: its handler waits, so the connection is busy, not idle. Its
    // "100 Continue" is sent only once the handler reads the body, so after it the request is certainly in flight
    // (an answer on another connection proved nothing: that connection's task could run first).
    let busy = tokio::task::spawn_blocking(move || {
        let mut busy = TcpStream::connect(addr).unwrap();
        busy.write_all(
            b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n",
        )
        .unwrap();
        busy.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut buf = [0u8; 64];
        let n = busy.read(&mut buf).unwrap();
        assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 100"), "{}", String::from_utf8_lossy(&buf[..n]));
        busy.write_all(b"{").unwrap();
        busy
    })
    .await
    .unwrap();
    let stopped = gw.stop(Duration::from_millis(200)).await;
    assert_eq!(stopped, Stopped::Cut(1));
    let (_, rest) = tokio::task::spawn_blocking(move || until_closed(busy, Duration::from_secs(10))).await.unwrap();
    assert!(!rest.contains("200 OK"), "{rest}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_1_mb_header_gets_the_gateways_own_431_not_hypers_empty_one() {
    let (_dir, gw) = gateway(ConnectionLimits::default()).await;
    let addr = gw.addr();
    let answer = tokio::task::spawn_blocking(move || {
        let mut tcp = TcpStream::connect(addr).unwrap();
        let big = "x".repeat(1024 * 1024);
        let request = format!(
            "POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {big}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
        );
        tcp.write_all(request.as_bytes()).unwrap();
        until_closed(tcp, Duration::from_secs(20)).1
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 431"), "{}", &answer[..answer.len().min(200)]);
    let body = &answer[answer.find("\r\n\r\n").unwrap() + 4..];
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!((json["type"].as_str(), json["code"].as_str()), (Some("error"), Some("headers_too_large")), "{json}");
    assert!(json["trace_id"].is_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_stops_coming_gets_408_in_the_callers_format() {
    let dir = tempfile::tempdir().unwrap();
    let core = Arc::new(support::open_core(dir.path()).await);
    let http = HttpLimits { body_idle_timeout: Duration::from_millis(300), ..HttpLimits::default() };
    let gw = switchyard_gateway::serve_with(core, Some(0), ConnectionLimits::default(), http).await.unwrap();
    let addr = gw.addr();
    let (took, answer) = tokio::task::spawn_blocking(move || {
        let mut tcp = TcpStream::connect(addr).unwrap();
        tcp.write_all(b"POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"model\":")
            .unwrap();
        until_closed(tcp, Duration::from_secs(20))
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(took >= Duration::from_millis(250), "refused before the body had time: {took:?}");
    let json: serde_json::Value = serde_json::from_str(&answer[answer.find("\r\n\r\n").unwrap() + 4..]).unwrap();
    assert_eq!((json["type"].as_str(), json["code"].as_str()), (Some("error"), Some("body_timeout")), "{json}");
}
