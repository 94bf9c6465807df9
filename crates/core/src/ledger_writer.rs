//! Writes ledger rows in batches off the request path: one transaction per batch instead of one per call. Rows
//! waiting in the batch (at most `MAX_WAIT`) are lost only if the process is killed in that window.

use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

use crate::events::Events;
use crate::store::ledger::{self, LedgerEntry};
use crate::store::Store;

const MAX_BATCH: usize = 256;
const MAX_WAIT: Duration = Duration::from_millis(50);

// Rows are the traffic; a flush is rare. Boxing every row would allocate for nothing.
#[allow(clippy::large_enum_variant)]
pub enum Message {
    Row(LedgerEntry),
    /// Answered once every row sent before it is in the database.
    Flush(oneshot::Sender<()>),
}

/// Starts the writer; `events` hears of every batch written.
pub fn start(store: Store, events: Events) -> mpsc::UnboundedSender<Message> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Message>();
    tokio::spawn(async move {
        while let Some(first) = rx.recv().await {
            let mut rows = Vec::new();
            let mut waiters = Vec::new();
            fn take(m: Message, rows: &mut Vec<LedgerEntry>, waiters: &mut Vec<oneshot::Sender<()>>) {
                match m {
                    Message::Row(r) => rows.push(r),
                    Message::Flush(w) => waiters.push(w),
                }
            }
            take(first, &mut rows, &mut waiters);
            let deadline = tokio::time::Instant::now() + MAX_WAIT;
            while rows.len() < MAX_BATCH && waiters.is_empty() {
                match tokio::time::timeout_at(deadline, rx.recv()).await {
                    Ok(Some(m)) => take(m, &mut rows, &mut waiters),
                    _ => break,
                }
            }
            while let Ok(m) = rx.try_recv() {
                take(m, &mut rows, &mut waiters);
            }
            if !rows.is_empty() {
                let count = rows.len();
                let written = store
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
                    Ok(()) => events.usage_changed(),
                    Err(e) => tracing::error!(code = %e.code, count, "ledger rows could not be written"),
                }
            }
            for w in waiters {
                let _ = w.send(());
            }
        }
    });
    tx
}
