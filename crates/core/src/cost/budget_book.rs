//! Budgets at run time: what each budget's window has spent and holds in reservations. A call reserves its most
//! possible cost before it leaves and settles with its real cost after, under one lock, so concurrent calls see
//! each other's reservations: a budget set to block is overshot by at most the last call it admitted.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use super::budgets::{self, Budget, BudgetAction, BudgetScope, BudgetStatus, THRESHOLDS};
use super::report::{spent_usd_micros, SpendScope};
use crate::error::Result;
use crate::events::{CoreEvent, Events};
use crate::store::{budgets as table, Store};

fn spent(conn: &rusqlite::Connection, scope: &BudgetScope, from: i64, to: i64) -> Result<i64> {
    let scope = match scope {
        BudgetScope::Global => SpendScope::Global,
        BudgetScope::Provider { provider_id } => SpendScope::Provider(provider_id),
        BudgetScope::AccessKey { key_id } => SpendScope::AccessKey(key_id),
    };
    spent_usd_micros(conn, from, to, scope)
}

/// Time and the local offset from UTC, replaceable in tests.
pub trait Clock: Send + Sync {
    fn now_ms(&self) -> i64;
    fn tz_offset_minutes(&self) -> i32;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        crate::store::now_ms()
    }
    fn tz_offset_minutes(&self) -> i32 {
        budgets::local_offset_minutes()
    }
}

struct Window {
    start: i64,
    end: i64,
    spent: i64,
    reserved: i64,
    alerted: BTreeSet<u32>,
}

#[derive(Default)]
struct State {
    /// None until loaded, and again after budgets change.
    budgets: Option<Arc<Vec<Budget>>>,
    windows: HashMap<String, Window>,
}

pub struct BudgetBook {
    store: Store,
    events: Events,
    clock: Arc<dyn Clock>,
    state: Mutex<State>,
}

/// What a running call holds in the budgets that cover it; give it back with `BudgetBook::settle`.
#[derive(Debug)]
pub struct Hold {
    parts: Vec<(String, i64)>,
    amount: i64,
}

impl BudgetBook {
    pub fn new(store: Store, events: Events, clock: Arc<dyn Clock>) -> Self {
        Self { store, events, clock, state: Mutex::default() }
    }

    pub fn budgets_changed(&self) {
        let mut state = self.state.lock().unwrap();
        state.budgets = None;
        state.windows.clear();
    }

    async fn budgets(&self) -> Result<Arc<Vec<Budget>>> {
        if let Some(b) = self.state.lock().unwrap().budgets.clone() {
            return Ok(b);
        }
        let loaded = Arc::new(self.store.call(|c| table::list(c)).await?);
        self.state.lock().unwrap().budgets.get_or_insert(loaded.clone());
        Ok(loaded)
    }

    /// The budgets a call by `access_key` to `provider_id` counts against.
    pub async fn covering(&self, provider_id: &str, access_key: Option<&str>) -> Result<Vec<Budget>> {
        Ok(self.budgets().await?.iter().filter(|b| b.covers(provider_id, access_key)).cloned().collect())
    }

    /// Loads from the database the current window of each budget whose window is not in memory.
    async fn load_windows(&self, covering: &[Budget]) -> Result<()> {
        let (now, tz) = (self.clock.now_ms(), self.clock.tz_offset_minutes());
        for b in covering {
            let (start, end) = budgets::window(b.period, now, tz);
            let current = self.state.lock().unwrap().windows.get(&b.id).is_some_and(|w| w.start == start);
            if current {
                continue;
            }
            let (id, scope) = (b.id.clone(), b.scope.clone());
            let (spent, alerted) =
                self.store.call(move |c| Ok((spent(c, &scope, start, end)?, table::alerts_in(c, &id, start)?))).await?;
            let mut state = self.state.lock().unwrap();
            let stale = state.windows.get(&b.id).is_none_or(|w| w.start != start);
            if stale {
                let alerted = alerted.into_iter().collect();
                state.windows.insert(b.id.clone(), Window { start, end, spent, reserved: 0, alerted });
            }
        }
        Ok(())
    }

    /// Admits a call whose most possible cost is `estimate` (micro-dollars; None when the model is unpriced) and
    /// holds that much in every budget that covers it. A blocking budget refuses once what it has spent and holds
    /// reaches its limit; an unpriced call is refused by a used-up blocking budget too, as it may cost anything.
    pub async fn reserve(&self, covering: &[Budget], estimate: Option<i64>) -> Result<Hold> {
        self.load_windows(covering).await?;
        let amount = estimate.unwrap_or(0).max(0);
        let mut state = self.state.lock().unwrap();
        for b in covering.iter().filter(|b| b.action == BudgetAction::Block) {
            if let Some(w) = state.windows.get(&b.id) {
                if w.spent + w.reserved >= b.limit_usd_micros {
                    return Err(budgets::exceeded(b, w.spent));
                }
            }
        }
        let mut parts = Vec::with_capacity(covering.len());
        for b in covering {
            if let Some(w) = state.windows.get_mut(&b.id) {
                w.reserved += amount;
                parts.push((b.id.clone(), w.start));
            }
        }
        Ok(Hold { parts, amount })
    }

    /// Gives back what `hold` reserved and counts what the call really cost, raising each threshold this call
    /// crossed. `actual` is None when the cost cannot be known (a stream cut off before its usage arrived): the
    /// reservation, its most possible cost, is counted instead.
    pub fn settle(&self, hold: Hold, actual: Option<i64>) {
        let spent_now = actual.unwrap_or(hold.amount).max(0);
        let budgets = self.state.lock().unwrap().budgets.clone().unwrap_or_default();
        let mut crossed = Vec::new();
        {
            let mut state = self.state.lock().unwrap();
            for (id, start) in &hold.parts {
                let Some(w) = state.windows.get_mut(id).filter(|w| w.start == *start) else { continue };
                w.reserved -= hold.amount;
                w.spent += spent_now;
                let Some(b) = budgets.iter().find(|b| &b.id == id) else { continue };
                let percent = budgets::percent(w.spent, b.limit_usd_micros);
                for threshold in THRESHOLDS.into_iter().filter(|t| *t <= percent) {
                    if w.alerted.insert(threshold) {
                        crossed.push((b.clone(), w.start, threshold, w.spent));
                    }
                }
            }
        }
        if !crossed.is_empty() {
            self.alert(crossed);
        }
    }

    /// Records the alerts (once per budget window, across restarts) and announces them, lowest threshold first.
    fn alert(&self, crossed: Vec<(Budget, i64, u32, i64)>) {
        let (store, events, at) = (self.store.clone(), self.events.clone(), self.clock.now_ms());
        tokio::spawn(async move {
            for (b, window_start, threshold, spent) in crossed {
                let id = b.id.clone();
                let recorded = store.call(move |c| table::record_alert(c, &id, window_start, threshold, at)).await;
                match recorded {
                    Ok(true) => events.send(CoreEvent::BudgetAlert {
                        budget_id: b.id,
                        name: b.name,
                        threshold,
                        spent_usd_micros: spent,
                        limit_usd_micros: b.limit_usd_micros,
                        action: b.action,
                    }),
                    Ok(false) => {}
                    Err(e) => tracing::error!(code = %e.code, "a budget alert could not be recorded"),
                }
            }
        });
    }

    pub async fn statuses(&self) -> Result<Vec<BudgetStatus>> {
        let all = self.budgets().await?;
        self.load_windows(&all).await?;
        let state = self.state.lock().unwrap();
        Ok(all
            .iter()
            .map(|b| {
                let w = state.windows.get(&b.id);
                let (start, end, spent, reserved) =
                    w.map(|w| (w.start, w.end, w.spent, w.reserved)).unwrap_or_default();
                BudgetStatus {
                    budget: b.clone(),
                    window_start_ms: start,
                    window_end_ms: end,
                    spent_usd_micros: spent,
                    reserved_usd_micros: reserved,
                    percent: budgets::percent(spent, b.limit_usd_micros),
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicI64, Ordering};

    use super::*;
    use crate::cost::budgets::{BudgetPeriod, BudgetScope};

    struct FakeClock(AtomicI64);

    impl Clock for FakeClock {
        fn now_ms(&self) -> i64 {
            self.0.load(Ordering::SeqCst)
        }
        fn tz_offset_minutes(&self) -> i32 {
            0
        }
    }

    const DAY: i64 = 86_400_000;
    const NOON: i64 = 1_796_083_200_000 + DAY / 2; // 2026-12-01T12:00Z

    async fn book(limit: i64, action: BudgetAction) -> (BudgetBook, Arc<FakeClock>, Budget) {
        let store = Store::open_in_memory().unwrap();
        let budget = Budget {
            id: "b1".into(),
            name: "Daily".into(),
            scope: BudgetScope::Global,
            period: BudgetPeriod::Day,
            limit_usd_micros: limit,
            action,
        };
        let saved = budget.clone();
        store.call(move |c| table::upsert(c, &saved, 0)).await.unwrap();
        let clock = Arc::new(FakeClock(AtomicI64::new(NOON)));
        (BudgetBook::new(store, Events::start(), clock.clone()), clock, budget)
    }

    async fn status(book: &BudgetBook) -> BudgetStatus {
        book.statuses().await.unwrap().remove(0)
    }

    #[tokio::test]
    async fn a_reservation_is_held_until_settled_with_the_real_cost() {
        let (book, _, budget) = book(1_000, BudgetAction::Block).await;
        let covering = book.covering("p", None).await.unwrap();
        assert_eq!(covering, vec![budget]);
        let hold = book.reserve(&covering, Some(600)).await.unwrap();
        let s = status(&book).await;
        assert_eq!((s.spent_usd_micros, s.reserved_usd_micros, s.window_start_ms), (0, 600, NOON - DAY / 2));
        book.settle(hold, Some(250));
        let s = status(&book).await;
        assert_eq!((s.spent_usd_micros, s.reserved_usd_micros, s.percent), (250, 0, 25));
        // A cost that cannot be known counts the reservation, the most it could have been.
        let hold = book.reserve(&covering, Some(300)).await.unwrap();
        book.settle(hold, None);
        assert_eq!(status(&book).await.spent_usd_micros, 550);
    }

    #[tokio::test]
    async fn blocking_starts_when_spent_and_held_reach_the_limit_and_ends_with_the_window() {
        let (book, clock, _) = book(1_000, BudgetAction::Block).await;
        let covering = book.covering("p", None).await.unwrap();
        let first = book.reserve(&covering, Some(999)).await.unwrap();
        let second = book.reserve(&covering, Some(5)).await.expect("999 held is still under 1000");
        let refused = book.reserve(&covering, Some(1)).await.unwrap_err();
        assert_eq!(refused.code, "budget_exceeded");
        book.settle(first, Some(0));
        book.settle(second, Some(1_000));
        assert_eq!(book.reserve(&covering, None).await.unwrap_err().code, "budget_exceeded", "unpriced too");
        clock.0.store(NOON + DAY, Ordering::SeqCst);
        let next_day = book.reserve(&covering, Some(10)).await.expect("a new window starts empty");
        assert_eq!(status(&book).await.reserved_usd_micros, 10);
        book.settle(next_day, Some(0));
    }

    #[tokio::test]
    async fn a_notify_budget_never_refuses() {
        let (book, _, _) = book(100, BudgetAction::Notify).await;
        let covering = book.covering("p", None).await.unwrap();
        for _ in 0..3 {
            let hold = book.reserve(&covering, Some(80)).await.expect("notify only alerts");
            book.settle(hold, Some(80));
        }
        assert_eq!(status(&book).await.percent, 240);
    }

    #[tokio::test]
    async fn changed_budgets_are_read_again() {
        let (book, _, budget) = book(100, BudgetAction::Block).await;
        assert_eq!(book.covering("p", None).await.unwrap().len(), 1);
        let wider = Budget { id: "b2".into(), scope: BudgetScope::Provider { provider_id: "q".into() }, ..budget };
        book.store.call(move |c| table::upsert(c, &wider, 1)).await.unwrap();
        assert_eq!(book.covering("q", None).await.unwrap().len(), 1, "cached until told");
        book.budgets_changed();
        assert_eq!(book.covering("q", None).await.unwrap().len(), 2);
        assert_eq!(book.covering("p", None).await.unwrap().len(), 1);
    }
}
