//! RSS before, during and after a burst of 1,000 connections: does the gateway go back to its idle size? Each
//! connection makes a few small calls while all are open at once; then every connection closes and the gateway
//! sits idle for 30 s. Goal (issue 15): back within 1.5x of idle.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::launch::{start_gateway, KEY};
use crate::rss::{rss_mb, PeakRss};

const CONNECTIONS: usize = 1_000;
const CALLS_EACH: usize = 5;
const SETTLE: Duration = Duration::from_secs(30);

pub async fn run(binary: &str, upstream_port: u16) {
    let dir = tempfile::tempdir().unwrap();
    let (mut gateway, port) = start_gateway(binary, upstream_port, dir.path(), "");
    let pid = gateway.id();
    // One call first, so what is built once (the provider client, the checked key) is part of idle.
    let warm = reqwest::Client::new();
    call(&warm, port).await;
    drop(warm);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = rss_mb(pid);

    let peak = PeakRss::start(pid);
    let started = Instant::now();
    let gate = Arc::new(tokio::sync::Barrier::new(CONNECTIONS));
    let mut clients = Vec::new();
    for _ in 0..CONNECTIONS {
        let gate = gate.clone();
        clients.push(tokio::spawn(async move {
            // Its own client: its own connection, kept for its calls.
            let client = reqwest::Client::builder().pool_max_idle_per_host(1).build().unwrap();
            call(&client, port).await;
            gate.wait().await;
            let mut ok = 1;
            for _ in 1..CALLS_EACH {
                ok += usize::from(call(&client, port).await);
            }
            ok
        }));
    }
    let mut ok = 0;
    for c in clients {
        ok += c.await.unwrap();
    }
    let took = started.elapsed();
    let peak = peak.finish();
    let mut after = Vec::new();
    for wait in [1, 5, 15, 30] {
        let since = started.elapsed() - took;
        tokio::time::sleep(Duration::from_secs(wait).saturating_sub(since)).await;
        after.push((wait, rss_mb(pid)));
    }
    let _ = gateway.kill();
    let _ = gateway.wait();
    let last = after.last().unwrap().1;
    println!("\n== RSS around {CONNECTIONS} connections ({CALLS_EACH} calls each, all open at once)");
    println!("  {ok} of {} calls answered 200 in {:.1} s", CONNECTIONS * CALLS_EACH, took.as_secs_f64());
    println!("  idle before         {idle:>7.1} MB");
    println!("  peak during         {peak:>7.1} MB   {:.2}x idle", peak / idle);
    for (wait, mb) in &after {
        println!("  {wait:>2} s after         {mb:>7.1} MB   {:.2}x idle", mb / idle);
    }
    let verdict = if last <= idle * 1.5 { "met" } else { "NOT met" };
    println!("  goal: back within 1.5x of idle {} s after: {verdict}", SETTLE.as_secs());
}

async fn call(client: &reqwest::Client, port: u16) -> bool {
    let body = serde_json::json!({ "model": "mock/bench", "messages": [{ "role": "user", "content": "hi" }] });
    let sent = client.post(format!("http://127.0.0.1:{port}/v1/chat/completions")).bearer_auth(KEY).json(&body).send();
    matches!(sent.await, Ok(r) if r.status().is_success())
}
