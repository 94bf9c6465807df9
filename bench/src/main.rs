//! Direct-to-mock, through a bare forwarding proxy, and through Switchyard, in one run on one machine:
//! added latency p50/p99 at concurrency 1, throughput at concurrency 32 as a share of direct, CPU time per request,
//! peak RSS, and the time to first byte added to a streamed answer. The bare proxy is the floor any loopback HTTP
//! hop costs here; the gateway's own work is what it adds over that.
//!
//! Then the big-work scenarios (big_work.rs): a 100 KB prompt answered in 2,000 streamed chunks, and 32 streams
//! of 10,000 chunks at once, with the proxy's CPU time per request and per chunk and its RSS during and after.
//!
//! The response cache (cache_latency.rs, cache_memory.rs) is measured apart, in its own gateways: a cached answer
//! beside a live call, and the gateway's memory and cache file after 100,000 kept answers.
//!
//! Usage: gateway-overhead <path to switchyard-gateway binary> [requests]   (both parts)
//!        gateway-overhead <path to switchyard-gateway binary> big          (only the big-work scenarios)
//!        gateway-overhead <path to switchyard-gateway binary> cache [requests] [entries]   (only the cache)
//!        gateway-overhead <path to switchyard-gateway binary> connections   (RSS around 1,000 connections)

mod bare_proxy;
mod big_work;
mod cache_calls;
mod cache_latency;
mod cache_memory;
mod connections;
mod launch;
mod measure;
mod rss;
mod streams;
mod upstream;

use std::sync::Arc;
use std::time::Duration;

use launch::{start_bare_proxy, start_gateway, KEY};
use measure::{percentile, proc_stat, sequential, throughput, Target};

struct Figures {
    p50: Duration,
    p99: Duration,
    ttfb: Duration,
    throughput: f64,
    cpu_per_request: Option<Duration>,
    rss_mb: Option<f64>,
    reported_overhead: Option<Duration>,
}

async fn measure(client: &reqwest::Client, target: Arc<Target>, n: usize, process: Option<u32>) -> Figures {
    let cpu_before = process.map(|pid| proc_stat(pid).0);
    let (whole, reported) = sequential(client, &target, n, false).await;
    let cpu_per_request = process.zip(cpu_before).map(|(pid, before)| (proc_stat(pid).0 - before) / n as u32);
    let (streamed, _) = sequential(client, &target, n / 2, true).await;
    let throughput = throughput(client, target, n * 5, 32).await;
    Figures {
        p50: percentile(&whole, 0.5),
        p99: percentile(&whole, 0.99),
        ttfb: percentile(&streamed, 0.5),
        throughput,
        cpu_per_request,
        rss_mb: process.map(|pid| proc_stat(pid).1 as f64 / 1024.0),
        reported_overhead: (!reported.is_empty()).then(|| percentile(&reported, 0.5)),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("bare-proxy") {
        let (upstream, port) = (args[2].parse().unwrap(), args[3].parse().unwrap());
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        return runtime.block_on(bare_proxy::run(upstream, port));
    }
    let binary =
        args.get(1).expect("usage: gateway-overhead <switchyard-gateway binary> [requests | big | cache]").clone();
    if args.get(2).map(String::as_str) == Some("connections") {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        return runtime.block_on(async { connections::run(&binary, upstream::start().await).await });
    }
    if args.get(2).map(String::as_str) == Some("cache") {
        let requests = args.get(3).map_or(5_000, |n| n.parse().expect("requests: a number"));
        let entries = args.get(4).map_or(100_000, |n| n.parse().expect("entries: a number"));
        let as_expected = tokio::runtime::Runtime::new().unwrap().block_on(cache(&binary, requests, entries));
        std::process::exit(if as_expected { 0 } else { 1 });
    }
    // None: only the big-work scenarios.
    let small = match args.get(2).map(String::as_str) {
        Some("big") => None,
        Some(n) => Some(n.parse().expect("requests: a number, or `big`")),
        None => Some(2000),
    };
    tokio::runtime::Runtime::new().unwrap().block_on(bench(&binary, small));
}

async fn bench(binary: &str, small: Option<usize>) {
    let dir = std::env::temp_dir().join(format!("switchyard-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let upstream_port = upstream::start().await;
    let (mut gateway, gateway_port) = start_gateway(binary, upstream_port, &dir, "");
    let (mut bare, bare_port) = start_bare_proxy(upstream_port);
    let client = reqwest::Client::builder().pool_max_idle_per_host(64).build().unwrap();
    let url = |port: u16| format!("http://127.0.0.1:{port}/v1/chat/completions");
    if let Some(n) = small {
        let direct = Arc::new(Target { url: url(upstream_port), model: "bench", key: KEY });
        let hop = Arc::new(Target { url: url(bare_port), model: "bench", key: KEY });
        let via = Arc::new(Target { url: url(gateway_port), model: "mock/bench", key: KEY });
        let d = measure(&client, direct, n, None).await;
        let b = measure(&client, hop, n, Some(bare.id())).await;
        let g = measure(&client, via, n, Some(gateway.id())).await;
        print_small(n, &d, &b, &g);
    }
    let paths = big_work::Paths {
        upstream: upstream_port,
        bare: bare_port,
        gateway: gateway_port,
        bare_pid: bare.id(),
        gateway_pid: gateway.id(),
        key: KEY,
    };
    big_work::run(&client, &paths).await;
    let _ = gateway.kill();
    let _ = bare.kill();
    let _ = std::fs::remove_dir_all(&dir);
}

/// Whether every cached call said `hit` and every kept one `miss`, with a whole answer.
async fn cache(binary: &str, requests: usize, entries: usize) -> bool {
    let dir = std::env::temp_dir().join(format!("switchyard-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let upstream_port = upstream::start().await;
    let (mut gateway, gateway_port) = start_gateway(binary, upstream_port, &dir, "[cache]\npolicy = \"always\"\n");
    let client = reqwest::Client::new();
    let timed = cache_latency::run(&client, upstream_port, gateway_port, gateway.id(), requests).await;
    let _ = gateway.kill();
    let _ = gateway.wait();
    let _ = std::fs::remove_dir_all(&dir);
    let mut kept = true;
    for budget in cache_memory::BUDGETS.into_iter().filter(|_| entries > 0) {
        kept &= cache_memory::run(binary, upstream_port, entries, budget).await;
    }
    timed && kept
}

fn print_small(n: usize, d: &Figures, b: &Figures, g: &Figures) {
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "requests per measurement: {n} (throughput: {} at concurrency 32); machine: {} cores",
        n * 5,
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0)
    );
    println!(
        "{:<38} {:>9} {:>9} {:>9} {:>13} {:>13}",
        "", "direct", "bare hop", "gateway", "gw - direct", "gw - bare hop"
    );
    let row = |name: &str, f: fn(&Figures) -> Duration| {
        let (x, y, z) = (us(f(d)), us(f(b)), us(f(g)));
        println!("{name:<38} {x:>9.0} {y:>9.0} {z:>9.0} {:>13.0} {:>13.0}", z - x, z - y);
    };
    row("latency p50, concurrency 1 (µs)", |f| f.p50);
    row("latency p99, concurrency 1 (µs)", |f| f.p99);
    row("stream time to first byte p50 (µs)", |f| f.ttfb);
    println!(
        "{:<38} {:>9.0} {:>9.0} {:>9.0} {:>12.0}% {:>12.0}%",
        "throughput, concurrency 32 (req/s)",
        d.throughput,
        b.throughput,
        g.throughput,
        100.0 * g.throughput / d.throughput,
        100.0 * g.throughput / b.throughput
    );
    let cpu = |f: &Figures| us(f.cpu_per_request.unwrap_or_default());
    println!("{:<38} {:>9} {:>9.0} {:>9.0}", "proxy CPU time per request (µs)", "", cpu(b), cpu(g));
    println!(
        "{:<38} {:>9} {:>9.1} {:>9.1}",
        "proxy peak RSS (MB)",
        "",
        b.rss_mb.unwrap_or_default(),
        g.rss_mb.unwrap_or_default()
    );
    println!(
        "{:<38} {:>9} {:>9} {:>9.0}",
        "x-switchyard-overhead-us p50",
        "",
        "",
        us(g.reported_overhead.unwrap_or_default())
    );
}
