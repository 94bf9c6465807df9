//! Timing requests: one at a time (latency, time to first byte) and many at once (throughput); a process's CPU
//! time and peak RSS, and the machine's load, from /proc.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;

pub struct Target {
    pub url: String,
    pub model: &'static str,
    pub key: &'static str,
}

static SENT: AtomicUsize = AtomicUsize::new(0);

/// Every request differs, so the gateway's sharing of identical requests in flight never applies: each one is a
/// real upstream call, as for the direct and bare-hop columns.
fn body(model: &str, stream: bool) -> serde_json::Value {
    let n = SENT.fetch_add(1, Ordering::Relaxed);
    serde_json::json!({ "model": model, "stream": stream, "messages": [{ "role": "user", "content": format!("hello {n}") }] })
}

/// The time to the whole answer (or, streamed, to its first byte), and the overhead the gateway says it added.
async fn one(client: &reqwest::Client, t: &Target, stream: bool) -> (Duration, Option<Duration>) {
    let started = Instant::now();
    let response = client.post(&t.url).bearer_auth(t.key).json(&body(t.model, stream)).send().await.unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    let reported = response
        .headers()
        .get("x-switchyard-overhead-us")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .map(Duration::from_micros);
    if stream {
        let mut chunks = response.bytes_stream();
        let first = chunks.next().await;
        let ttfb = started.elapsed();
        assert!(first.is_some());
        while chunks.next().await.is_some() {}
        (ttfb, reported)
    } else {
        response.bytes().await.unwrap();
        (started.elapsed(), reported)
    }
}

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Sorted times of `n` requests one after another (after a warm-up), and the sorted reported overheads.
pub async fn sequential(
    client: &reqwest::Client,
    t: &Target,
    n: usize,
    stream: bool,
) -> (Vec<Duration>, Vec<Duration>) {
    for _ in 0..50 {
        one(client, t, stream).await;
    }
    let (mut times, mut reported) = (Vec::with_capacity(n), Vec::new());
    for _ in 0..n {
        let (time, overhead) = one(client, t, stream).await;
        times.push(time);
        reported.extend(overhead);
    }
    times.sort();
    reported.sort();
    (times, reported)
}

/// Requests per second with `concurrency` callers sending `n` requests in all.
pub async fn throughput(client: &reqwest::Client, t: Arc<Target>, n: usize, concurrency: usize) -> f64 {
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

/// CPU time (user + system) and peak RSS in KiB of a process.
pub fn proc_stat(pid: u32) -> (Duration, u64) {
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

pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(0, |n| n.get())
}

/// Other work on the machine shows in the tail of every row: the 1, 5 and 15 minute load averages, to judge it by.
pub fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}
