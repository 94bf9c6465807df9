//! Many distinct answers kept through the gateway: a fresh gateway (policy "always", a memory and a disk budget)
//! asked `entries` distinct prompts, 32 at a time, each a miss that goes to the mock upstream and is kept. Then its
//! RSS beside `memory_mb` and `cache.sqlite` beside `disk_mb`, and how many of the first and of the last prompts the
//! cache still answers (`x-switchyard-cache: only`). Before the fill, calls that keep nothing (`bypass`) grow what
//! any busy gateway holds (connections, buffers, the ledger's pages), so the RSS the answers add is told apart.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::cache_calls::{self, Request};
use crate::launch::start_gateway;
use crate::measure::{load_average, proc_stat};
use crate::rss::{rss_mb, PeakRss};
use crate::streams::Dialect;

const CONCURRENCY: usize = 32;
const WARM_UP: usize = 5_000;
const SETTLE: Duration = Duration::from_secs(2);
const PROGRESS_EVERY: Duration = Duration::from_secs(10);
/// How many of the first and of the last prompts are asked again at the end.
const SAMPLE: usize = 1_000;

#[derive(Clone, Copy)]
pub struct Budget {
    pub memory_mb: u32,
    pub disk_mb: u32,
}

/// The first is the default memory and disk budget, which the answers' weight (about 600 bytes each, 60 MB for
/// 100,000) stays under; the second is below it, so the memory tier and the file must evict.
pub const BUDGETS: [Budget; 2] = [Budget { memory_mb: 64, disk_mb: 512 }, Budget { memory_mb: 16, disk_mb: 32 }];

fn prompt(i: usize) -> String {
    format!("cache fill {i}")
}

struct Calls {
    wall: Duration,
    /// Calls whose `x-switchyard-cache` was not the one expected, or whose answer was not whole.
    wrong: usize,
}

/// `calls` distinct whole calls, `CONCURRENCY` at a time, each expected to say `expect`; with `progress`, prints
/// how far it got every few seconds.
async fn many(
    client: &reqwest::Client,
    base: &str,
    calls: usize,
    prompt: fn(usize) -> String,
    directive: Option<&'static str>,
    expect: &'static str,
    progress: Option<u32>,
) -> Calls {
    let (next, done) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let started = Instant::now();
    let callers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (client, base, next, done) = (client.clone(), base.to_owned(), next.clone(), done.clone());
            tokio::spawn(async move {
                let mut wrong = 0;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= calls {
                        return wrong;
                    }
                    let request = Request::new(&base, "mock/bench", Dialect::OpenAi, false, &prompt(i), directive);
                    let answer = cache_calls::send(&client, &request).await;
                    wrong += usize::from(answer.cache != expect || !answer.complete);
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let mut printed = Instant::now();
    while !callers.iter().all(|c| c.is_finished()) {
        tokio::time::sleep(Duration::from_millis(50)).await;
        if let Some(pid) = progress.filter(|_| printed.elapsed() >= PROGRESS_EVERY) {
            printed = Instant::now();
            let (n, secs) = (done.load(Ordering::Relaxed), started.elapsed().as_secs_f64());
            println!("  {n:>7} kept after {secs:>4.0} s ({:.0}/s), gateway RSS {:.1} MB", n as f64 / secs, rss_mb(pid));
        }
    }
    let mut wrong = 0;
    for caller in callers {
        wrong += caller.await.unwrap();
    }
    Calls { wall: started.elapsed(), wrong }
}

/// How many of `prompts` the cache answers without calling the upstream.
async fn still_kept(client: &reqwest::Client, base: &str, prompts: std::ops::Range<usize>) -> usize {
    let mut hits = 0;
    for i in prompts {
        let request = Request::new(base, "mock/bench", Dialect::OpenAi, false, &prompt(i), Some("only"));
        hits += usize::from(cache_calls::answered_from_cache(client, &request).await);
    }
    hits
}

fn file_mb(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1024.0 / 1024.0)
}

/// Entries and bytes of compressed bodies in the cache file, read once the gateway has stopped.
fn on_disk(path: &Path) -> (i64, i64) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("SELECT count(*), coalesce(sum(size), 0) FROM entries", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap()
}

/// Whether every call said what it should (`bypass` while warming up, `miss` while filling), with a whole answer.
pub async fn run(binary: &str, upstream_port: u16, entries: usize, budget: Budget) -> bool {
    let Budget { memory_mb, disk_mb } = budget;
    let dir = std::env::temp_dir().join(format!("switchyard-bench-cache-{}-{memory_mb}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = format!("[cache]\npolicy = \"always\"\nmemory_mb = {memory_mb}\ndisk_mb = {disk_mb}\n");
    let (mut gateway, port) = start_gateway(binary, upstream_port, &dir, &config);
    let pid = gateway.id();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder().pool_max_idle_per_host(CONCURRENCY * 2).build().unwrap();
    println!();
    println!(
        "response cache memory: {entries} distinct whole answers kept, {CONCURRENCY} calls in flight, policy always, \
         memory_mb = {memory_mb}, disk_mb = {disk_mb}; load average {}",
        load_average()
    );
    tokio::time::sleep(SETTLE).await;
    let at_start = rss_mb(pid);
    let warm = many(&client, &base, WARM_UP, |i| format!("warm up {i}"), Some("bypass"), "bypass", None).await;
    tokio::time::sleep(SETTLE).await;
    let warmed = rss_mb(pid);
    let cpu_before = proc_stat(pid).0;
    let peak = PeakRss::start(pid);
    let filled = many(&client, &base, entries, prompt, None, "miss", Some(pid)).await;
    let peak_mb = peak.finish();
    let cpu = proc_stat(pid).0 - cpu_before;
    tokio::time::sleep(SETTLE).await;
    let after = rss_mb(pid);
    let sample = SAMPLE.min(entries);
    let first = still_kept(&client, &base, 0..sample).await;
    let last = still_kept(&client, &base, entries - sample..entries).await;
    let _ = gateway.kill();
    let _ = gateway.wait();
    let data = dir.join("data");
    let (file, wal) = (file_mb(&data.join("cache.sqlite")), file_mb(&data.join("cache.sqlite-wal")));
    let (rows, body_bytes) = on_disk(&data.join("cache.sqlite"));
    let secs = filled.wall.as_secs_f64();
    println!(
        "  fill: {entries} calls in {secs:.1} s ({:.0}/s); gateway CPU {:.0} µs per call; {} calls not `miss` or not \
         whole (warm-up: {}); load average after: {}",
        entries as f64 / secs,
        cpu.as_secs_f64() * 1e6 / entries as f64,
        filled.wrong,
        warm.wrong,
        load_average()
    );
    println!(
        "  gateway RSS: {at_start:.1} MB at start, {warmed:.1} MB after {WARM_UP} bypass calls; {peak_mb:.1} MB peak \
         during the fill, {after:.1} MB {} s after it",
        SETTLE.as_secs()
    );
    println!(
        "  the kept answers added {:.1} MB of RSS over the warmed gateway ({:.0} bytes per answer asked); memory_mb = \
         {memory_mb}",
        after - warmed,
        (after - warmed) * 1024.0 * 1024.0 / entries as f64
    );
    println!(
        "  cache.sqlite: {file:.1} MB (+ {wal:.1} MB WAL) for disk_mb = {disk_mb}; {rows} entries on disk, {:.1} MB of \
         compressed bodies",
        body_bytes as f64 / 1024.0 / 1024.0
    );
    println!("  still answered (x-switchyard-cache: only): {first} of the first {sample} prompts, {last} of the last {sample}");
    let _ = std::fs::remove_dir_all(&dir);
    filled.wrong == 0 && warm.wrong == 0
}
