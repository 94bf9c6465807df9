//! What calls cost: the ledger, budgets, price overrides.

use crate::cost::budgets::{Budget, BudgetStatus};
use crate::cost::pricing::{PriceOverride, Pricer};
use crate::error::Result;
use crate::ledger_writer;
use crate::settings;
use crate::store::ledger::{self, LedgerEntry};
use crate::store::{budgets, new_id, now_ms, prices};
use crate::Core;

impl Core {
    pub async fn recent_calls(&self, limit: u32) -> Result<Vec<LedgerEntry>> {
        self.flush_ledger().await;
        self.store.call(move |c| ledger::recent(c, limit)).await
    }

    /// Waits until every ledger row queued so far is in the database. Call before dropping `Core` on purpose (a
    /// restart, a shutdown): rows still in the batch would otherwise be written after, or not at all.
    pub async fn flush_ledger(&self) {
        let (done, written) = tokio::sync::oneshot::channel();
        if self.books.ledger().send(ledger_writer::Message::Flush(done)).is_ok() {
            let _ = written.await;
        }
    }

    /// Typed broadcasts: usage changed, budget alerts.
    pub fn subscribe_events(&self) -> tokio::sync::broadcast::Receiver<crate::events::CoreEvent> {
        self.books.events.subscribe()
    }

    pub async fn list_budgets(&self) -> Result<Vec<BudgetStatus>> {
        self.flush_ledger().await;
        self.books.budgets.statuses().await
    }

    pub async fn save_budget(&self, mut budget: Budget) -> Result<Budget> {
        budget.validate()?;
        if budget.id.is_empty() {
            budget.id = new_id();
        }
        let saved = budget.clone();
        self.store.call(move |c| budgets::upsert(c, &saved, now_ms())).await?;
        self.books.budgets.budgets_changed();
        Ok(budget)
    }

    pub async fn delete_budget(&self, id: &str) -> Result<()> {
        let id = id.to_owned();
        self.store.call(move |c| budgets::delete(c, &id)).await?;
        self.books.budgets.budgets_changed();
        Ok(())
    }

    pub async fn list_price_overrides(&self) -> Result<Vec<PriceOverride>> {
        self.store.call(|c| prices::list(c)).await
    }

    pub async fn save_price_override(&self, price: PriceOverride) -> Result<PriceOverride> {
        price.validate()?;
        let saved = price.clone();
        self.store.call(move |c| prices::upsert(c, &saved, now_ms())).await?;
        self.reload_prices().await?;
        Ok(price)
    }

    pub async fn delete_price_override(&self, provider_id: &str, model: &str) -> Result<()> {
        let (provider_id, model) = (provider_id.to_owned(), model.to_owned());
        self.store.call(move |c| prices::delete(c, &provider_id, &model)).await?;
        self.reload_prices().await
    }

    /// Prices change with overrides and exchange rates; calls from now on are priced with the new ones.
    pub(crate) async fn reload_prices(&self) -> Result<()> {
        let (overrides, settings) = self.store.call(|c| Ok((prices::list(c)?, settings::load(c)?))).await?;
        self.books.set_pricer(Pricer::new(overrides, settings::exchange_rates(&settings)));
        Ok(())
    }

    /// Prometheus metrics of every call since start, as OpenMetrics text.
    pub fn metrics_text(&self) -> String {
        self.books.metrics.render()
    }

    /// What the gateway itself added to a call routed by `route`.
    pub fn observe_gateway_overhead(&self, route: &str, overhead: std::time::Duration) {
        self.books.metrics.observe_overhead(route, overhead.as_secs_f64());
    }
}
