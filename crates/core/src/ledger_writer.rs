//! Writes ledger rows in batches off the request path: one transaction per batch instead of one per call.
//!
//! A row is never lost silently. When a write fails (disk full, read-only, locked), the rows stay in memory and the
//! write is retried with backoff while new rows join them; the health says so (the /health endpoint, /metrics, the
//! app's banner) and stderr says it once. Past `buffer_rows` waiting rows, the settings choose: refuse new calls
//! (the one door asks `admit` first) or drop new rows, counted. Only a kill -9 loses rows without a trace: at most
//! the ones waiting for their batch, written within `MAX_WAIT` (50 ms) while the database is healthy.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, oneshot};

use crate::error::{Error, ErrorCategory, Result};
use crate::events::{CoreEvent, Events};
use crate::store::ledger::{self, LedgerEntry};
use crate::store::Store;

const MAX_BATCH: usize = 256;
const MAX_WAIT: Duration = Duration::from_millis(50);
const FIRST_RETRY: Duration = Duration::from_millis(100);
const LAST_RETRY: Duration = Duration::from_secs(5);
/// Rows written per transaction when catching up after a failure.
const CATCH_UP_ROWS: usize = 4096;

// Rows are the traffic; a flush is rare. Boxing every row would allocate for nothing.
#[allow(clippy::large_enum_variant)]
pub enum Message {
    Row(LedgerEntry),
    /// Answered, once every row sent before it is written or a write was tried and failed, with how many rows are
    /// still unwritten.
    Flush(oneshot::Sender<usize>),
}

/// What happens to a new call once `buffer_rows` rows are waiting to be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum WhenLedgerFull {
    /// New calls are refused with a retriable error until the rows are written: nothing unrecorded is served.
    #[default]
    Refuse,
    /// Calls go on; rows past the buffer are dropped and counted.
    Drop,
}

/// How the ledger is doing, for /health, /metrics and the app's banner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct LedgerHealth {
    /// Rows answered but not yet in the database because writing failed.
    #[specta(type = specta_typescript::Number)]
    pub unwritten: u64,
    /// Rows dropped because the buffer was full and the settings say drop.
    #[specta(type = specta_typescript::Number)]
    pub dropped: u64,
    /// Calls refused because the buffer was full.
    #[specta(type = specta_typescript::Number)]
    pub refused: u64,
    /// Why the last write failed, while writing fails.
    pub failing: Option<Error>,
}

#[derive(Default)]
pub struct Health {
    /// Transactions that wrote rows; for tests of the batching.
    batches: AtomicUsize,
    unwritten: AtomicUsize,
    dropped: AtomicU64,
    refused: AtomicU64,
    failing: Mutex<Option<Error>>,
    limits: Mutex<(usize, WhenLedgerFull)>,
}

impl Health {
    pub fn new(buffer_rows: usize, when_full: WhenLedgerFull) -> Self {
        Self { limits: Mutex::new((buffer_rows, when_full)), ..Default::default() }
    }

    pub fn configure(&self, buffer_rows: usize, when_full: WhenLedgerFull) {
        *self.limits.lock().unwrap() = (buffer_rows, when_full);
    }

    fn limits(&self) -> (usize, WhenLedgerFull) {
        *self.limits.lock().unwrap()
    }

    pub fn snapshot(&self) -> LedgerHealth {
        LedgerHealth {
            unwritten: self.unwritten.load(Ordering::Relaxed) as u64,
            dropped: self.dropped.load(Ordering::Relaxed),
            refused: self.refused.load(Ordering::Relaxed),
            failing: self.failing.lock().unwrap().clone(),
        }
    }

    /// The one door asks before a call: refused only when the buffer is full and the settings say refuse.
    pub fn admit(&self) -> Result<()> {
        self.peek_admit().inspect_err(|_| {
            self.refused.fetch_add(1, Ordering::Relaxed);
        })
    }

    /// What `admit` would answer, without counting a refusal.
    pub fn peek_admit(&self) -> Result<()> {
        let (buffer_rows, when_full) = self.limits();
        if when_full == WhenLedgerFull::Refuse && self.unwritten.load(Ordering::Relaxed) >= buffer_rows {
            let mut e = Error::new(
                ErrorCategory::Storage,
                "ledger_full",
                "Switchyard cannot record calls right now (its database cannot be written: is the disk full?), so it \
                 takes no new ones. Free some space; calls are taken again once the waiting records are written.",
            );
            e.retriable = true;
            e.retry_after = Some(LAST_RETRY);
            return Err(e);
        }
        Ok(())
    }
}

/// Starts the writer; `events` hears of every batch written and of every change of health.
pub fn start(store: Store, events: Events, health: Arc<Health>) -> mpsc::UnboundedSender<Message> {
    let (tx, rx) = mpsc::unbounded_channel::<Message>();
    tokio::spawn(Writer { store, events, health, pending: VecDeque::new(), retry: None }.run(rx));
    tx
}

struct Writer {
    store: Store,
    events: Events,
    health: Arc<Health>,
    pending: VecDeque<LedgerEntry>,
    /// While writes fail: how long until the next try.
    retry: Option<Duration>,
}

impl Writer {
    async fn run(mut self, mut rx: mpsc::UnboundedReceiver<Message>) {
        loop {
            let mut waiters = Vec::new();
            let first = match self.retry {
                None => match rx.recv().await {
                    Some(m) => Some(m),
                    None => break,
                },
                // While writes fail, the timer's end is the next try, with or without new rows.
                Some(delay) => match tokio::time::timeout(delay, rx.recv()).await {
                    Ok(Some(m)) => Some(m),
                    Ok(None) => break,
                    Err(_) => None,
                },
            };
            if let Some(m) = first {
                self.take(m, &mut waiters);
            }
            if self.retry.is_none() {
                let deadline = tokio::time::Instant::now() + MAX_WAIT;
                while self.pending.len() < MAX_BATCH && waiters.is_empty() {
                    match tokio::time::timeout_at(deadline, rx.recv()).await {
                        Ok(Some(m)) => self.take(m, &mut waiters),
                        _ => break,
                    }
                }
            }
            while let Ok(m) = rx.try_recv() {
                self.take(m, &mut waiters);
            }
            self.write().await;
            let unwritten = self.pending.len();
            for w in waiters {
                let _ = w.send(unwritten);
            }
        }
        // The core is gone: one last try.
        self.write().await;
    }

    fn take(&mut self, m: Message, waiters: &mut Vec<oneshot::Sender<usize>>) {
        match m {
            Message::Row(r) => {
                let (buffer_rows, when_full) = self.health.limits();
                if when_full == WhenLedgerFull::Drop && self.pending.len() >= buffer_rows {
                    self.health.dropped.fetch_add(1, Ordering::Relaxed);
                } else {
                    self.pending.push_back(r);
                }
                if self.retry.is_some() {
                    self.health.unwritten.store(self.pending.len(), Ordering::Relaxed);
                }
            }
            Message::Flush(w) => waiters.push(w),
        }
    }

    /// Writes what is waiting, oldest first; on failure keeps all of it for the next try.
    async fn write(&mut self) {
        while !self.pending.is_empty() {
            let rows: Vec<LedgerEntry> = self.pending.iter().take(CATCH_UP_ROWS).cloned().collect();
            let count = rows.len();
            let written = self
                .store
                .call(move |c| {
                    let tx = c.transaction()?;
                    for r in &rows {
                        ledger::insert(&tx, r)?;
                    }
                    tx.commit()?;
                    Ok(())
                })
                .await;
            match written {
                Ok(()) => {
                    self.health.batches.fetch_add(1, Ordering::Relaxed);
                    self.pending.drain(..count);
                    self.recovered();
                    self.events.usage_changed();
                }
                Err(e) => return self.failed(e),
            }
        }
        self.health.unwritten.store(0, Ordering::Relaxed);
    }

    fn failed(&mut self, e: Error) {
        self.health.unwritten.store(self.pending.len(), Ordering::Relaxed);
        let first = self.health.failing.lock().unwrap().replace(e.clone()).is_none();
        if first {
            // The log may be on the same full disk: stderr is the one place sure to be seen.
            eprintln!(
                "switchyard: ledger rows cannot be written ({}: {}); {} kept in memory and retried",
                e.code,
                e.message,
                self.pending.len()
            );
            tracing::error!(code = %e.code, waiting = self.pending.len(), "ledger rows could not be written");
            self.events.send(CoreEvent::LedgerHealthChanged);
        }
        self.retry = Some(self.retry.map_or(FIRST_RETRY, |d| (d * 2).min(LAST_RETRY)));
    }

    fn recovered(&mut self) {
        self.retry = None;
        if self.health.failing.lock().unwrap().take().is_some() {
            eprintln!("switchyard: ledger rows are written again");
            tracing::warn!("ledger rows are written again");
            self.events.send(CoreEvent::LedgerHealthChanged);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::origin::OriginKind;
    use crate::store::ledger::CallStatus;

    fn row(n: usize) -> LedgerEntry {
        LedgerEntry {
            at: n as i64,
            origin: "gateway:k".into(),
            origin_kind: OriginKind::Gateway,
            access_key_id: None,
            conversation_id: None,
            message_id: None,
            route: "r".into(),
            provider_id: None,
            provider_name: None,
            model: Some("m".into()),
            attempts: 1,
            status: CallStatus::Ok,
            error_category: None,
            streamed: false,
            usage: Default::default(),
            latency_ms: 1,
            ttft_ms: None,
            trace_id: format!("t{n}"),
            cost: None,
            cache: Default::default(),
            saved_cost_usd_micros: None,
            saved_latency_ms: None,
        }
    }

    struct Rig {
        store: Store,
        tx: mpsc::UnboundedSender<Message>,
        health: Arc<Health>,
        events: tokio::sync::broadcast::Receiver<CoreEvent>,
    }

    fn rig(buffer_rows: usize, when_full: WhenLedgerFull) -> Rig {
        let store = Store::open_in_memory().unwrap();
        let events = Events::start();
        let health = Arc::new(Health::new(buffer_rows, when_full));
        let rx = events.subscribe();
        Rig { tx: start(store.clone(), events, health.clone()), store, health, events: rx }
    }

    impl Rig {
        async fn flush(&self) -> usize {
            let (done, unwritten) = oneshot::channel();
            self.tx.send(Message::Flush(done)).unwrap();
            unwritten.await.unwrap()
        }

        fn send(&self, rows: std::ops::Range<usize>) {
            for n in rows {
                self.tx.send(Message::Row(row(n))).unwrap();
            }
        }

        /// Makes every write fail as on a read-only or full disk (SQLITE_READONLY), or lets them succeed again.
        async fn disk_full(&self, full: bool) {
            self.store.call(move |c| Ok(c.pragma_update(None, "query_only", full)?)).await.unwrap();
        }

        async fn written(&self) -> Vec<String> {
            self.store
                .call(|c| {
                    let mut stmt = c.prepare("SELECT trace_id FROM ledger ORDER BY id")?;
                    let ids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
                    Ok(ids)
                })
                .await
                .unwrap()
        }
    }

    fn traces(rows: std::ops::Range<usize>) -> Vec<String> {
        rows.map(|n| format!("t{n}")).collect()
    }

    #[tokio::test]
    async fn rows_are_written_in_order_and_a_flush_waits_for_them() {
        let rig = rig(1000, WhenLedgerFull::Refuse);
        rig.send(0..300);
        assert_eq!(rig.flush().await, 0);
        assert_eq!(rig.written().await, traces(0..300));
        assert_eq!(rig.health.snapshot(), LedgerHealth { unwritten: 0, dropped: 0, refused: 0, failing: None });
    }

    #[tokio::test]
    async fn on_a_full_disk_rows_wait_in_memory_and_are_all_written_once_there_is_room() {
        let mut rig = rig(1000, WhenLedgerFull::Refuse);
        rig.disk_full(true).await;
        rig.send(0..40);
        assert_eq!(rig.flush().await, 40);
        let h = rig.health.snapshot();
        assert_eq!(h.unwritten, 40);
        assert!(h.failing.is_some(), "the failure is not reported");
        assert_eq!(rig.events.recv().await.unwrap(), CoreEvent::LedgerHealthChanged);
        rig.send(40..50);
        assert_eq!(rig.flush().await, 50, "rows sent while failing join the waiting ones");
        assert!(rig.health.admit().is_ok(), "calls are taken while the buffer has room");
        rig.disk_full(false).await;
        assert_eq!(rig.flush().await, 0);
        assert_eq!(rig.written().await, traces(0..50), "every row once, in order");
        assert_eq!(rig.health.snapshot().failing, None);
        assert_eq!(rig.events.recv().await.unwrap(), CoreEvent::LedgerHealthChanged, "recovery is announced");
    }

    #[tokio::test(start_paused = true)]
    async fn while_failing_the_writer_retries_by_itself() {
        let rig = rig(1000, WhenLedgerFull::Refuse);
        rig.disk_full(true).await;
        rig.send(0..3);
        assert_eq!(rig.flush().await, 3);
        rig.disk_full(false).await;
        // No new row and no flush: the retry timer alone writes them.
        tokio::time::sleep(LAST_RETRY * 2).await;
        assert_eq!(rig.written().await, traces(0..3));
        assert_eq!(rig.health.snapshot().unwritten, 0);
    }

    #[tokio::test]
    async fn a_full_buffer_refuses_new_calls_with_a_retriable_error() {
        let rig = rig(100, WhenLedgerFull::Refuse);
        rig.disk_full(true).await;
        rig.send(0..99);
        assert_eq!(rig.flush().await, 99);
        assert!(rig.health.admit().is_ok(), "refused before the buffer is full");
        rig.send(99..100);
        assert_eq!(rig.flush().await, 100);
        let e = rig.health.admit().unwrap_err();
        assert_eq!((e.code.as_str(), e.retriable, e.retry_after), ("ledger_full", true, Some(LAST_RETRY)));
        assert_eq!(rig.health.snapshot().refused, 1);
        // Rows of calls already running are still kept, past the buffer: refusing loses nothing.
        rig.send(100..105);
        assert_eq!(rig.flush().await, 105);
        rig.disk_full(false).await;
        assert_eq!(rig.flush().await, 0);
        assert_eq!(rig.written().await.len(), 105);
        assert!(rig.health.admit().is_ok(), "calls are taken again once written");
    }

    #[tokio::test]
    async fn with_drop_chosen_a_full_buffer_drops_new_rows_and_counts_them() {
        let rig = rig(100, WhenLedgerFull::Drop);
        rig.disk_full(true).await;
        rig.send(0..150);
        assert_eq!(rig.flush().await, 100);
        assert!(rig.health.admit().is_ok(), "drop never refuses");
        assert_eq!(rig.health.snapshot().dropped, 50);
        rig.disk_full(false).await;
        assert_eq!(rig.flush().await, 0);
        assert_eq!(rig.written().await, traces(0..100), "the oldest are kept");
    }

    #[tokio::test(start_paused = true)]
    async fn rows_sent_within_the_batch_window_share_one_transaction() {
        let rig = rig(1000, WhenLedgerFull::Refuse);
        rig.send(0..1);
        tokio::time::sleep(MAX_WAIT / 5).await;
        rig.send(1..2);
        assert_eq!(rig.flush().await, 0);
        assert_eq!(rig.written().await, traces(0..2));
        assert_eq!(rig.health.batches.load(Ordering::Relaxed), 1, "the first row did not wait for the second");
    }

    #[tokio::test]
    async fn settings_change_the_limits_of_a_running_writer() {
        let health = Health::new(100, WhenLedgerFull::Drop);
        health.configure(200, WhenLedgerFull::Refuse);
        assert_eq!(health.limits(), (200, WhenLedgerFull::Refuse));
        health.unwritten.store(199, Ordering::Relaxed);
        assert!(health.admit().is_ok());
        health.unwritten.store(200, Ordering::Relaxed);
        assert!(health.admit().is_err());
    }
}
