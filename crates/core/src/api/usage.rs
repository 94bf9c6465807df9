//! What calls cost: the ledger, budgets, price overrides.

use std::path::{Path, PathBuf};

use crate::audit;
use crate::cost::budgets::{self as budget_math, Budget, BudgetStatus};
use crate::cost::pricing::{PriceOverride, Pricer};
use crate::cost::report::{self, DailyReport, ExportFormat, LogPage, LogRow, SpendGroup, UsageFilter, UsageReport};
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

    /// Waits until every ledger row queued so far is in the database, or a write of them was tried and failed.
    /// Call before dropping `Core` on purpose (a restart, a shutdown): rows still in the batch would otherwise be
    /// written after, or not at all. Returns how many rows are still unwritten (0 unless the disk is full).
    pub async fn flush_ledger(&self) -> usize {
        let (done, written) = tokio::sync::oneshot::channel();
        if self.books.ledger().send(ledger_writer::Message::Flush(done)).is_ok() {
            return written.await.unwrap_or(0);
        }
        0
    }

    /// Whether a new call would be taken now (refused only while the ledger buffer is full, see Settings).
    pub fn ledger_admits(&self) -> crate::Result<()> {
        self.books.ledger_health.peek_admit()
    }

    /// Whether usage rows are being written; what is waiting, dropped or refused while they are not.
    pub fn ledger_health(&self) -> ledger_writer::LedgerHealth {
        self.books.ledger_health.snapshot()
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
        let (saved, source) = (budget.clone(), self.change_source);
        self.store
            .call(move |c| {
                let tx = c.transaction()?;
                let old = budgets::list(&tx)?.into_iter().find(|b| b.id == saved.id);
                budgets::upsert(&tx, &saved, now_ms())?;
                audit::record(&tx, source, audit::budget(old.as_ref(), Some(&saved)))?;
                Ok(tx.commit()?)
            })
            .await?;
        self.books.budgets.budgets_changed();
        Ok(budget)
    }

    pub async fn delete_budget(&self, id: &str) -> Result<()> {
        let (id, source) = (id.to_owned(), self.change_source);
        self.store
            .call(move |c| {
                let tx = c.transaction()?;
                let old = budgets::list(&tx)?.into_iter().find(|b| b.id == id);
                budgets::delete(&tx, &id)?;
                audit::record(&tx, source, audit::budget(old.as_ref(), None))?;
                Ok(tx.commit()?)
            })
            .await?;
        self.books.budgets.budgets_changed();
        Ok(())
    }

    pub async fn list_price_overrides(&self) -> Result<Vec<PriceOverride>> {
        self.store.call(|c| prices::list(c)).await
    }

    pub async fn save_price_override(&self, price: PriceOverride) -> Result<PriceOverride> {
        price.validate()?;
        let (saved, source) = (price.clone(), self.change_source);
        self.store
            .call(move |c| {
                let tx = c.transaction()?;
                let old = price_of(&tx, &saved.provider_id, &saved.model)?;
                prices::upsert(&tx, &saved, now_ms())?;
                let name = provider_name(&tx, &saved.provider_id);
                audit::record(&tx, source, audit::price_override(old.as_ref(), Some(&saved), name.as_deref()))?;
                Ok(tx.commit()?)
            })
            .await?;
        self.reload_prices().await?;
        Ok(price)
    }

    pub async fn delete_price_override(&self, provider_id: &str, model: &str) -> Result<()> {
        let (provider_id, model, source) = (provider_id.to_owned(), model.to_owned(), self.change_source);
        self.store
            .call(move |c| {
                let tx = c.transaction()?;
                let old = price_of(&tx, &provider_id, &model)?;
                prices::delete(&tx, &provider_id, &model)?;
                let name = provider_name(&tx, &provider_id);
                audit::record(&tx, source, audit::price_override(old.as_ref(), None, name.as_deref()))?;
                Ok(tx.commit()?)
            })
            .await?;
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
        self.books.metrics.observe_ledger(&self.books.ledger_health.snapshot());
        self.books.metrics.render()
    }

    /// What the gateway itself added to a call routed by `route`.
    pub fn observe_gateway_overhead(&self, route: &str, overhead: std::time::Duration) {
        self.books.metrics.observe_overhead(route, overhead.as_secs_f64());
    }

    /// The dashboard's figures for `filter`, spend grouped by provider or model.
    pub async fn usage_report(&self, filter: UsageFilter, group: SpendGroup) -> Result<UsageReport> {
        self.flush_ledger().await;
        self.store.call(move |c| report::usage_report(c, &filter, group)).await
    }

    /// The call log, newest first, a page of `limit` rows before the row `before_id`.
    pub async fn usage_log(&self, filter: UsageFilter, before_id: Option<i64>, limit: u32) -> Result<LogPage> {
        self.flush_ledger().await;
        self.store.call(move |c| report::log_page(c, &filter, before_id, limit.clamp(1, 500))).await
    }

    /// Every ledger row of one trace (a call and, for a chat turn, nothing else).
    pub async fn usage_trace(&self, trace_id: &str) -> Result<Vec<LogRow>> {
        self.flush_ledger().await;
        let trace_id = trace_id.trim().to_owned();
        self.store.call(move |c| report::by_trace(c, &trace_id)).await
    }

    /// Writes the filtered calls to a new file in `dir` and returns its path. The file appears whole or not at
    /// all: it is written beside its final name and renamed, so a failure (a full disk) leaves nothing half-written.
    pub async fn export_usage(&self, filter: UsageFilter, format: ExportFormat, dir: &Path) -> Result<PathBuf> {
        self.flush_ledger().await;
        let write =
            move |c: &rusqlite::Connection, out: &mut dyn std::io::Write| report::export(c, &filter, format, out);
        super::export_file::write_export(&self.store, dir, "switchyard-usage", format, write).await
    }

    /// Yesterday's spend by provider and model, and the month so far, in local time.
    pub async fn daily_report(&self) -> Result<DailyReport> {
        self.flush_ledger().await;
        let (now, tz) = (now_ms(), budget_math::local_offset_minutes());
        let yesterday = report::day_start_ms(report::local_day(now, tz) - 1, tz);
        self.store.call(move |c| report::daily(c, yesterday, tz)).await
    }

    /// Today's spend so far, in local time (the tray shows it).
    pub async fn today_report(&self) -> Result<DailyReport> {
        self.flush_ledger().await;
        let (now, tz) = (now_ms(), budget_math::local_offset_minutes());
        let today = report::day_start_ms(report::local_day(now, tz), tz);
        self.store.call(move |c| report::daily(c, today, tz)).await
    }

    /// Deletes ledger rows older than `before_ms` (the dashboard's rollups follow); returns how many went.
    pub async fn delete_usage_before(&self, before_ms: i64) -> Result<u64> {
        self.flush_ledger().await;
        let deleted = self.store.call(move |c| report::delete_before(c, before_ms)).await?;
        self.books.events.usage_changed();
        Ok(deleted)
    }

    /// Makes the dashboard's rollups ready for the local time zone, so the first report after a change of zone (or
    /// the first ever) does not wait for them: a second or so per million calls, once.
    pub async fn prepare_usage_rollups(&self) -> Result<()> {
        let tz = budget_math::local_offset_minutes();
        self.store.call(move |c| report::ensure_zone(c, tz)).await
    }

    /// Applies the retention setting: rows older than `retention_days` are deleted; none when it is unset.
    pub async fn apply_retention(&self) -> Result<u64> {
        match self.get_settings().await?.retention_days {
            Some(days) => self.delete_usage_before(now_ms() - days as i64 * 86_400_000).await,
            None => Ok(0),
        }
    }

    /// Yesterday's report, once a day, when the person asked for a daily notification; None otherwise.
    pub async fn daily_report_due(&self) -> Result<Option<DailyReport>> {
        if !self.get_settings().await?.daily_report_notification {
            return Ok(None);
        }
        let report = self.daily_report().await?;
        let day = report.day.clone();
        let first_time = self
            .store
            .call(move |c| {
                let sent = crate::store::settings::get(c, DAILY_REPORT_SENT)?;
                if sent.as_deref().is_some_and(|s| s >= day.as_str()) {
                    return Ok(false);
                }
                crate::store::settings::set(c, DAILY_REPORT_SENT, &day)?;
                Ok(true)
            })
            .await?;
        Ok(first_time.then_some(report))
    }
}

fn price_of(conn: &rusqlite::Connection, provider_id: &str, model: &str) -> Result<Option<PriceOverride>> {
    Ok(prices::list(conn)?.into_iter().find(|p| p.provider_id == provider_id && p.model == model))
}

/// For a readable audit entry; an override may outlive its provider.
fn provider_name(conn: &rusqlite::Connection, provider_id: &str) -> Option<String> {
    crate::store::providers::get(conn, provider_id).ok().map(|p| p.record.name)
}

/// The last day whose report was sent as a notification (`YYYY-MM-DD`).
const DAILY_REPORT_SENT: &str = "daily_report_sent";
