//! Direct-to-mock against through-Switchyard, in one run on one machine:
//! added latency p50/p99 at concurrency 1, throughput at concurrency 32 as a share of direct, gateway CPU time per
//! request, its peak RSS, and the time to first byte added to a streamed answer.
//!
//! Usage: gateway-overhead <path to switchyard-gateway binary> [requests]

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::response::Response;
use axum::routing::post;
use futures::StreamExt;

const KEY: &str = "sy-bench-key-0123456789abcdef";

const ANSWER: &str = r#"{"id":"chatcmpl-bench","object":"chat.completion","created":1,"model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the bench upstream."},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":7,"total_tokens":16}}"#;

fn stream_body() -> String {
    let mut s = String::new();
    for word in ["Hello", " from", " the", " bench", " upstream."] {
        s.push_str(&format!("data: {{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{word}\"}},\"finish_reason\":null}}]}}\n\n"));
    }
    s.push_str("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":7,\"total_tokens\":16}}\n\ndata: [DONE]\n\n");
    s
}

async fn upstream(body: bytes::Bytes) -> Response {
    let streamed = body.windows(13).any(|w| w == b"\"stream\":true");
    if streamed {
        Response::builder().header("content-type", "text/event-stream").body(Body::from(stream_body())).unwrap()
    } else {
        Response::builder().header("content-type", "application/json").body(Body::from(ANSWER)).unwrap()
    }
}

async fn start_upstream() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = axum::Router::new().route("/v1/chat/completions", post(upstream));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    port
}

fn start_gateway(binary: &str, upstream_port: u16, dir: &std::path::Path) -> (Child, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let config = dir.join("bench.toml");
    std::fs::write(
        &config,
        format!(
            "[[providers]]\nname = \"mock\"\nwire = \"openai\"\nbase_url = \"http://127.0.0.1:{upstream_port}/v1\"\nmodels = [\"bench\"]\n\n\
             [[access_keys]]\nname = \"bench\"\nkey_env = \"BENCH_KEY\"\nscopes = [\"chat\"]\n"
        ),
    )
    .unwrap();
    let child = Command::new(binary)
        .args(["serve", "--config"])
        .arg(&config)
        .args(["--port", &port.to_string()])
        .env("BENCH_KEY", KEY)
        .env("SWITCHYARD_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("start the gateway");
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return (child, port);
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("the gateway did not start");
}

fn body(model: &str, stream: bool) -> serde_json::Value {
    serde_json::json!({ "model": model, "stream": stream, "messages": [{ "role": "user", "content": "hello" }] })
}

struct Target {
    url: String,
    model: &'static str,
}

async fn one(client: &reqwest::Client, t: &Target, stream: bool) -> Duration {
    let started = Instant::now();
    let response = client.post(&t.url).bearer_auth(KEY).json(&body(t.model, stream)).send().await.unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    if stream {
        let mut chunks = response.bytes_stream();
        let first = chunks.next().await;
        let ttfb = started.elapsed();
        assert!(first.is_some());
        while chunks.next().await.is_some() {}
        ttfb
    } else {
        response.bytes().await.unwrap();
        started.elapsed()
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn sequential(client: &reqwest::Client, t: &Target, n: usize, stream: bool) -> Vec<Duration> {
    for _ in 0..50 {
        one(client, t, stream).await; // warm-up
    }
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        times.push(one(client, t, stream).await);
    }
    times.sort();
    times
}

async fn throughput(client: &reqwest::Client, t: Arc<Target>, n: usize, concurrency: usize) -> f64 {
    let started = Instant::now();
    let per_task = n / concurrency;
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, t) = (client.clone(), t.clone());
            tokio::spawn(async move {
                for _ in 0..per_task {
                    one(&client, &t, false).await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    (per_task * concurrency) as f64 / started.elapsed().as_secs_f64()
}

fn proc_stat(pid: u32) -> (Duration, u64) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap().split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let hwm_kb = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap()
        .parse()
        .unwrap();
    (Duration::from_millis(ticks * 10), hwm_kb)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let binary = args.get(1).expect("usage: gateway-overhead <switchyard-gateway binary> [requests]");
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2000);
    let dir = std::env::temp_dir().join(format!("switchyard-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let upstream_port = start_upstream().await;
    let (mut gateway, gateway_port) = start_gateway(binary, upstream_port, &dir);
    let client = reqwest::Client::builder().pool_max_idle_per_host(64).build().unwrap();
    let direct =
        Arc::new(Target { url: format!("http://127.0.0.1:{upstream_port}/v1/chat/completions"), model: "bench" });
    let via =
        Arc::new(Target { url: format!("http://127.0.0.1:{gateway_port}/v1/chat/completions"), model: "mock/bench" });

    let d1 = sequential(&client, &direct, n, false).await;
    let (cpu0, _) = proc_stat(gateway.id());
    let g1 = sequential(&client, &via, n, false).await;
    let (cpu1, _) = proc_stat(gateway.id());
    let ds = sequential(&client, &direct, n / 2, true).await;
    let gs = sequential(&client, &via, n / 2, true).await;
    let tput_n = n * 5;
    let td = throughput(&client, direct.clone(), tput_n, 32).await;
    let tg = throughput(&client, via.clone(), tput_n, 32).await;
    let (_, rss_kb) = proc_stat(gateway.id());
    let _ = gateway.kill();
    let _ = std::fs::remove_dir_all(&dir);

    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "requests per measurement: {n} (throughput: {tput_n} at concurrency 32); machine: {} cores",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0)
    );
    println!("{:<44} {:>12} {:>12} {:>12}", "", "direct", "gateway", "added");
    for (name, p) in [("latency p50, concurrency 1 (µs)", 0.5), ("latency p99, concurrency 1 (µs)", 0.99)] {
        let (a, b) = (us(percentile(&d1, p)), us(percentile(&g1, p)));
        println!("{name:<44} {a:>12.0} {b:>12.0} {:>12.0}", b - a);
    }
    let (a, b) = (us(percentile(&ds, 0.5)), us(percentile(&gs, 0.5)));
    println!("{:<44} {a:>12.0} {b:>12.0} {:>12.0}", "stream time to first byte p50 (µs)", b - a);
    println!("{:<44} {td:>12.0} {tg:>12.0} {:>11.0}%", "throughput, concurrency 32 (req/s)", 100.0 * tg / td);
    println!("{:<44} {:>12} {:>12.0}", "gateway CPU time per request (µs)", "", us(cpu1 - cpu0) / n as f64);
    println!("{:<44} {:>12} {:>12.1}", "gateway peak RSS (MB)", "", rss_kb as f64 / 1024.0);
}
