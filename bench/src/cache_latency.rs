//! A cached answer against a live one, through one gateway (cache policy "always") in one run, one call at a time
//! on one keep-alive connection: p50, p90, p99 and mean latency to the answer's last byte, and the gateway's CPU
//! time per call. Live calls send `x-switchyard-cache: bypass`, so each goes to the mock upstream; cached calls repeat a
//! request whose first call was a miss, and every measured one must say `hit`. Whole and streamed, from an OpenAI
//! client and from an Anthropic one (translated to the OpenAI upstream, and a hit written back in Anthropic's
//! dialect). The mock called directly, with the same client, is the floor any loopback HTTP call costs here.

use std::time::{Duration, Instant};

use crate::cache_calls::{self, Request};
use crate::measure::{cores, load_average, percentile, proc_stat};
use crate::streams::Dialect;

const WARM_UP: usize = 50;
/// How long a primed answer may take to be kept (a stream's is kept once it has ended).
const KEPT_WITHIN: Duration = Duration::from_secs(2);

struct Row {
    name: String,
    /// Sorted.
    times: Vec<Duration>,
    cpu_per_call: Option<Duration>,
    /// Measured calls that did not say what they should (`hit` for a cached row, `bypass` for a live one).
    wrong_cache: usize,
    incomplete: usize,
}

impl Row {
    fn mean(&self) -> Duration {
        self.times.iter().sum::<Duration>() / self.times.len() as u32
    }
}

/// `expect`: what every measured call's `x-switchyard-cache` must say (None for the mock, which says nothing).
async fn measure(
    client: &reqwest::Client,
    name: String,
    request: &Request,
    n: usize,
    gateway: Option<u32>,
    expect: Option<&str>,
) -> Row {
    for _ in 0..WARM_UP {
        cache_calls::send(client, request).await;
    }
    let cpu_before = gateway.map(|pid| proc_stat(pid).0);
    let (mut times, mut wrong_cache, mut incomplete) = (Vec::with_capacity(n), 0, 0);
    for _ in 0..n {
        let answer = cache_calls::send(client, request).await;
        times.push(answer.elapsed);
        wrong_cache += usize::from(expect.is_some_and(|e| answer.cache != e));
        incomplete += usize::from(!answer.complete);
    }
    let cpu_per_call = gateway.zip(cpu_before).map(|(pid, before)| (proc_stat(pid).0 - before) / n as u32);
    times.sort();
    Row { name, times, cpu_per_call, wrong_cache, incomplete }
}

/// The first call must be a miss (nothing kept yet); then calls until one says `hit`.
async fn prime(client: &reqwest::Client, request: &Request, name: &str) {
    let first = cache_calls::send(client, request).await;
    assert_eq!(first.cache, "miss", "{name}: the first call of a fresh prompt must be a miss");
    let started = Instant::now();
    while cache_calls::send(client, request).await.cache != "hit" {
        assert!(started.elapsed() < KEPT_WITHIN, "{name}: no hit within {KEPT_WITHIN:?} of the first call");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Whether every measured call said what it should, with a whole answer.
pub async fn run(client: &reqwest::Client, upstream_port: u16, gateway_port: u16, gateway_pid: u32, n: usize) -> bool {
    let mock = format!("http://127.0.0.1:{upstream_port}");
    let gateway = format!("http://127.0.0.1:{gateway_port}");
    let mut rows = Vec::new();
    for stream in [false, true] {
        let shape = if stream { "streamed" } else { "whole" };
        let direct = Request::new(&mock, "bench", Dialect::OpenAi, stream, "direct", None);
        rows.push(measure(client, format!("mock direct, {shape}"), &direct, n, None, None).await);
    }
    for dialect in [Dialect::OpenAi, Dialect::Anthropic] {
        let client_name = if dialect == Dialect::OpenAi { "OpenAI" } else { "Anthropic" };
        for stream in [false, true] {
            let shape = if stream { "streamed" } else { "whole" };
            let live = Request::new(&gateway, "mock/bench", dialect, stream, "live", Some("bypass"));
            let name = format!("{client_name} {shape}, live (bypass)");
            rows.push(measure(client, name, &live, n, Some(gateway_pid), Some("bypass")).await);
            // Its own prompt: a whole and a streamed call of one prompt share an entry.
            let prompt = format!("cached {client_name} {shape}");
            let cached = Request::new(&gateway, "mock/bench", dialect, stream, &prompt, None);
            let name = format!("{client_name} {shape}, cached");
            prime(client, &cached, &name).await;
            rows.push(measure(client, name, &cached, n, Some(gateway_pid), Some("hit")).await);
        }
    }
    print(n, &rows);
    rows.iter().all(|r| r.wrong_cache == 0 && r.incomplete == 0)
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn print(n: usize, rows: &[Row]) {
    println!();
    println!(
        "response cache: {n} calls per row, one at a time on one keep-alive connection, after {WARM_UP} unmeasured"
    );
    println!(
        "(latency to the answer's last byte; CPU: the gateway process's user + system time per call, in 10 ms ticks: \
         ±{:.0} µs)",
        10_000.0 / n as f64
    );
    println!("machine: {} cores, load average {}", cores(), load_average());
    println!("{:<36} {:>9} {:>9} {:>9} {:>9} {:>12}", "", "p50 µs", "p90 µs", "p99 µs", "mean µs", "gw CPU µs");
    for row in rows {
        let cpu = row.cpu_per_call.map_or_else(|| "-".to_owned(), |c| format!("{:.0}", us(c)));
        let p = |q| us(percentile(&row.times, q));
        let (p50, p90, p99) = (p(0.5), p(0.9), p(0.99));
        println!("{:<36} {p50:>9.0} {p90:>9.0} {p99:>9.0} {:>9.0} {cpu:>12}", row.name, us(row.mean()));
    }
    println!();
    println!("cached / live, same client and shape:");
    // After the two mock rows, each live row is followed by its cached one.
    for pair in rows[2..].chunks(2) {
        let [live, cached] = pair else { continue };
        let ratio = |f: &dyn Fn(&Row) -> Option<Duration>| {
            f(cached)
                .zip(f(live))
                .map_or_else(|| "-".to_owned(), |(c, l)| format!("{:.2}x", c.as_secs_f64() / l.as_secs_f64()))
        };
        println!(
            "{:<36} {:>9} {:>9} {:>9} {:>9} {:>12}",
            cached.name.replace(", cached", ""),
            ratio(&|r| Some(percentile(&r.times, 0.5))),
            ratio(&|r| Some(percentile(&r.times, 0.9))),
            ratio(&|r| Some(percentile(&r.times, 0.99))),
            ratio(&|r| Some(r.mean())),
            ratio(&|r| r.cpu_per_call)
        );
    }
    for row in rows.iter().filter(|r| r.wrong_cache > 0 || r.incomplete > 0) {
        println!(
            "  {}: {} of {n} calls did not say the expected x-switchyard-cache, {} answers incomplete",
            row.name, row.wrong_cache, row.incomplete
        );
    }
    let p99_of = |name: &str| rows.iter().find(|r| r.name == name).map(|r| percentile(&r.times, 0.99));
    if let (Some(p99), Some(floor)) = (p99_of("OpenAI whole, cached"), p99_of("mock direct, whole")) {
        let verdict = if p99 <= Duration::from_micros(200) { "met" } else { "missed" };
        println!(
            "goal: cached whole answer p99 <= 200 µs (OpenAI client): {:.0} µs, {verdict} (the mock called directly: \
             p99 {:.0} µs)",
            us(p99),
            us(floor)
        );
    }
}
