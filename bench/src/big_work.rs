//! The big-work scenarios: a 100 KB prompt answered in 2,000 streamed chunks, 8 calls at a time, and 32 streams of
//! 10,000 chunks at once. Each runs direct to the upstream, through the bare hop, and through the gateway twice —
//! same dialect (OpenAI client, POST /v1/chat/completions) and cross dialect (Anthropic client, POST /v1/messages,
//! translated to the OpenAI upstream) — one path after another, with the proxy's CPU time, its peak RSS during the
//! scenario and its RSS after a settle. The direct and bare-hop columns carry the OpenAI request: neither can
//! translate, and the upstream's work is the same.

use std::sync::Arc;
use std::time::Duration;

use crate::measure::proc_stat;
use crate::rss::{rss_mb, PeakRss};
use crate::streams::{self, Call, Dialect, Outcome};

struct Scenario {
    name: &'static str,
    prompt_bytes: usize,
    chunks: usize,
    concurrency: usize,
    per_caller: usize,
}

const SCENARIOS: [Scenario; 2] = [
    Scenario { name: "big prompt", prompt_bytes: 100 * 1024, chunks: 2_000, concurrency: 8, per_caller: 8 },
    Scenario { name: "long streams", prompt_bytes: 100, chunks: 10_000, concurrency: 32, per_caller: 1 },
];

/// How long a proxy is left alone before its idle RSS, and after a scenario before its RSS and CPU time are read.
const SETTLE: Duration = Duration::from_secs(1);

/// Where each path listens, and the two proxies' pids.
pub struct Paths {
    pub upstream: u16,
    pub bare: u16,
    pub gateway: u16,
    pub bare_pid: u32,
    pub gateway_pid: u32,
    pub key: &'static str,
}

struct Column {
    outcome: Outcome,
    cpu: Option<Duration>,
    /// RSS when the column starts: the gateway's two columns share one process, so the second starts from what the
    /// first left.
    before_mb: Option<f64>,
    peak_mb: Option<f64>,
    after_mb: Option<f64>,
}

async fn column(client: &reqwest::Client, call: Call, s: &Scenario, pid: Option<u32>) -> Column {
    // Opens the connections on every hop first, so the measured calls find them pooled.
    let warm = Call::new(call.url.clone(), call.model, call.key, call.dialect, 64, 5);
    streams::run(client, Arc::new(warm), s.concurrency, 1).await;
    let before_mb = pid.map(rss_mb);
    let cpu_before = pid.map(|p| proc_stat(p).0);
    let peak = pid.map(PeakRss::start);
    let outcome = streams::run(client, Arc::new(call), s.concurrency, s.per_caller).await;
    let peak_mb = peak.map(PeakRss::finish);
    tokio::time::sleep(SETTLE).await;
    let cpu = pid.zip(cpu_before).map(|(p, before)| proc_stat(p).0 - before);
    Column { outcome, cpu, before_mb, peak_mb, after_mb: pid.map(rss_mb) }
}

pub async fn run(client: &reqwest::Client, paths: &Paths) {
    tokio::time::sleep(SETTLE).await;
    let (idle_bare, idle_gateway) = (rss_mb(paths.bare_pid), rss_mb(paths.gateway_pid));
    println!();
    println!(
        "big work, streamed; proxy RSS at idle before it: bare hop {idle_bare:.1} MB, gateway {idle_gateway:.1} MB"
    );
    println!("gateway same: OpenAI client -> OpenAI upstream (/v1/chat/completions); cross: Anthropic client");
    println!("(/v1/messages) -> OpenAI upstream. direct and bare hop carry the OpenAI request. The upstream writes");
    println!("its chunks unpaced, as fast as they are read.");
    let url = |port: u16, path: &str| format!("http://127.0.0.1:{port}{path}");
    for s in &SCENARIOS {
        let call = |url: String, model, dialect| Call::new(url, model, paths.key, dialect, s.prompt_bytes, s.chunks);
        let chat = "/v1/chat/completions";
        let direct = column(client, call(url(paths.upstream, chat), "bench", Dialect::OpenAi), s, None).await;
        let bare = column(client, call(url(paths.bare, chat), "bench", Dialect::OpenAi), s, Some(paths.bare_pid)).await;
        let same = call(url(paths.gateway, chat), "mock/bench", Dialect::OpenAi);
        let same = column(client, same, s, Some(paths.gateway_pid)).await;
        let cross = call(url(paths.gateway, "/v1/messages"), "mock/bench", Dialect::Anthropic);
        let cross = column(client, cross, s, Some(paths.gateway_pid)).await;
        print(s, &[direct, bare, same, cross], idle_gateway);
    }
}

fn cell(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.decimals$}"))
}

fn print(s: &Scenario, columns: &[Column; 4], idle_gateway: f64) {
    let asked = columns[0].outcome.asked;
    println!();
    let prompt = match s.prompt_bytes {
        b if b >= 1024 => format!("{} KB", b / 1024),
        b => format!("{b} bytes"),
    };
    println!(
        "{}: {asked} streamed calls, {} at a time; prompt {prompt}, answer {} chunks",
        s.name, s.concurrency, s.chunks
    );
    let headers = [
        ["direct", "bare hop", "gateway", "gateway", "gw/bare", "gw/bare"],
        ["", "", "same", "cross", "same", "cross"],
    ];
    for h in headers {
        println!("{:<38} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}", "", h[0], h[1], h[2], h[3], h[4], h[5]);
    }
    let row = |name: &str, values: [Option<f64>; 4], decimals: usize, ratios: bool| {
        let mut line = format!("{name:<38}");
        for v in values {
            line.push_str(&format!(" {:>9}", cell(v, decimals)));
        }
        if ratios {
            for gateway in [values[2], values[3]] {
                let ratio = gateway.zip(values[1]).filter(|(_, bare)| *bare > 0.0).map(|(g, b)| g / b);
                line.push_str(&format!(" {:>9}", ratio.map_or_else(|| "-".to_owned(), |r| format!("{r:.2}x"))));
            }
        }
        println!("{line}");
    };
    let each = |f: &dyn Fn(&Column) -> Option<f64>| [f(&columns[0]), f(&columns[1]), f(&columns[2]), f(&columns[3])];
    row("requests done", each(&|c| Some(c.outcome.done as f64)), 0, false);
    row("wall time (s)", each(&|c| Some(c.outcome.wall.as_secs_f64())), 2, false);
    let cpu_ms = |c: &Column| c.cpu.map(|t| t.as_secs_f64() * 1e3 / asked as f64);
    row("proxy CPU time per request (ms)", each(&cpu_ms), 2, true);
    let per_chunk =
        |c: &Column| c.cpu.filter(|_| c.outcome.chunks > 0).map(|t| t.as_secs_f64() * 1e6 / c.outcome.chunks as f64);
    row("proxy CPU time per chunk (µs)", each(&per_chunk), 2, true);
    row("proxy RSS before (MB)", each(&|c| c.before_mb), 1, false);
    row("proxy peak RSS during (MB)", each(&|c| c.peak_mb), 1, false);
    row("proxy RSS 1 s after (MB)", each(&|c| c.after_mb), 1, false);
    let over = |c: &Column| c.after_mb.map_or_else(|| "-".to_owned(), |mb| format!("{:+.1} MB", mb - idle_gateway));
    println!(
        "gateway RSS 1 s after vs idle ({idle_gateway:.1} MB): same {}, cross {}",
        over(&columns[2]),
        over(&columns[3])
    );
    for (name, c) in ["direct", "bare hop", "gateway same", "gateway cross"].iter().zip(columns) {
        let o = &c.outcome;
        if let Some((first, count)) = &o.failed {
            println!(
                "  {name}: {count} of {} calls failed ({} chunks arrived in all); first: {first}",
                o.asked, o.chunks
            );
        }
    }
}
