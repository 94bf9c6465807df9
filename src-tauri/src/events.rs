//! Core's broadcasts, forwarded to the window as one typed event; budget alerts also become OS notifications.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use switchyard_core::cost::money::usd_text;
use switchyard_core::events::CoreEvent as Kind;
use switchyard_core::Core;
use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;
use tauri_specta::Event;

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct CoreEvent(pub Kind);

/// The gateway started, stopped or failed to start, whoever asked (the window or the tray).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct GatewayChanged(pub switchyard_gateway::supervisor::GatewayStatus);

/// A chat event of a turn the offline queue sent, for the pane showing its conversation.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct QueuedChat(pub switchyard_core::chat::PaneEvent);

/// Forwards the queue's chat events until the app ends. Missed ones (a slow window) are made up for by the
/// conversation's reload on `QueueChanged`.
pub fn forward_queued_chat<R: Runtime>(app: AppHandle<R>, core: Arc<Core>) {
    let mut events = core.subscribe_panes();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => {
                    if let Err(e) = QueuedChat(event).emit(&app) {
                        tracing::warn!(error = %e, "a queued answer's event could not reach the window");
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            }
        }
    });
}

/// Forwards core's events until the app ends; new usage also refreshes the tray's spend.
pub fn forward(app: AppHandle, core: Arc<Core>) {
    let mut events = core.subscribe_events();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(kind) => {
                    match &kind {
                        Kind::BudgetAlert { .. } => notify(&app, &core, &kind).await,
                        Kind::UsageChanged => crate::tray::refresh(&app).await,
                        _ => {}
                    }
                    if let Err(e) = CoreEvent(kind).emit(&app) {
                        tracing::warn!(error = %e, "a core event could not reach the window");
                    }
                }
                // Slow to read: some usage events were skipped; the next one refreshes everything anyway.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            }
        }
    });
}

/// Every hour (and at start): applies the retention setting, and shows yesterday's report once a day if asked.
pub fn housekeeping<R: Runtime>(app: AppHandle<R>, core: Arc<Core>) {
    tauri::async_runtime::spawn(async move {
        loop {
            if let Err(e) = core.prepare_usage_rollups().await {
                tracing::warn!(code = %e.code, "the usage rollups could not be prepared");
            }
            if let Err(e) = core.apply_retention().await {
                tracing::warn!(code = %e.code, "old usage could not be deleted");
            }
            match core.daily_report_due().await {
                Ok(Some(report)) => {
                    let chinese = crate::language::chinese(&core).await;
                    let (title, body) = daily_text(&report, chinese);
                    if let Err(e) = app.notification().builder().title(title).body(body).show() {
                        tracing::info!(error = %e, "the daily report could not be shown as a notification");
                    }
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(code = %e.code, "the daily report could not be made"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    });
}

/// The daily report's notification: yesterday's total and its biggest line, and the month so far.
pub fn daily_text(r: &switchyard_core::cost::report::DailyReport, chinese: bool) -> (String, String) {
    let top = r.lines.first().map(|l| {
        let what = l.model.clone().or_else(|| l.provider_name.clone()).unwrap_or_default();
        format!("{what} {}", usd_text(l.cost_usd_micros))
    });
    let (total, month) = (usd_text(r.total_usd_micros), usd_text(r.month_to_date_usd_micros));
    match chinese {
        true => (
            format!("{} 花费 {total}", r.day),
            match top {
                Some(top) => format!("最多：{top}。本月至今 {month}。"),
                None => format!("本月至今 {month}。"),
            },
        ),
        false => (
            format!("{} spend: {total}", r.day),
            match top {
                Some(top) => format!("Most: {top}. Month so far: {month}."),
                None => format!("Month so far: {month}."),
            },
        ),
    }
}

async fn notify<R: Runtime>(app: &AppHandle<R>, core: &Core, alert: &Kind) {
    let chinese = crate::language::chinese(core).await;
    let Some((title, body)) = alert_text(alert, chinese) else { return };
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        // No notification service (a headless session): the in-app banner still shows the alert.
        tracing::info!(error = %e, "a budget alert could not be shown as a notification");
    }
}

/// The notification's title and body, in English or Chinese.
pub fn alert_text(alert: &Kind, chinese: bool) -> Option<(String, String)> {
    let Kind::BudgetAlert { name, threshold, spent_usd_micros, limit_usd_micros, action, .. } = alert else {
        return None;
    };
    let (spent, limit) = (usd_text(*spent_usd_micros), usd_text(*limit_usd_micros));
    let blocked = *threshold >= 100 && *action == switchyard_core::cost::budgets::BudgetAction::Block;
    Some(match chinese {
        true => (
            format!("预算「{name}」已用 {threshold}%"),
            match blocked {
                true => format!("已花费 {spent} / {limit}。本周期内的付费调用将被拦截。"),
                false => format!("已花费 {spent} / {limit}。"),
            },
        ),
        false => (
            format!("Budget \"{name}\" is {threshold}% used"),
            match blocked {
                true => format!("{spent} of {limit} spent. Paid calls are blocked until the period ends."),
                false => format!("{spent} of {limit} spent."),
            },
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchyard_core::cost::budgets::BudgetAction;

    fn alert(threshold: u32, action: BudgetAction) -> Kind {
        Kind::BudgetAlert {
            budget_id: "b".into(),
            name: "Team".into(),
            threshold,
            spent_usd_micros: 4_050_000,
            limit_usd_micros: 5_000_000,
            action,
        }
    }

    #[test]
    fn the_daily_report_names_the_day_its_biggest_line_and_the_month() {
        let line = switchyard_core::cost::report::SpendLine {
            provider_id: Some("p".into()),
            provider_name: Some("DeepSeek".into()),
            model: Some("deepseek-chat".into()),
            cost_usd_micros: 1_230_000,
            requests: 3,
            unpriced: 0,
        };
        let r = switchyard_core::cost::report::DailyReport {
            day: "2026-11-30".into(),
            lines: vec![line],
            total_usd_micros: 1_500_000,
            unpriced: 0,
            month_to_date_usd_micros: 12_000_000,
        };
        let (title, body) = daily_text(&r, false);
        assert_eq!(title, "2026-11-30 spend: $1.50");
        assert_eq!(body, "Most: deepseek-chat $1.23. Month so far: $12.00.");
        let (title, body) = daily_text(&switchyard_core::cost::report::DailyReport { lines: vec![], ..r }, true);
        assert_eq!(title, "2026-11-30 花费 $1.50");
        assert_eq!(body, "本月至今 $12.00。");
    }

    #[test]
    fn alerts_read_in_the_users_language_and_say_when_calls_are_blocked() {
        let (title, body) = alert_text(&alert(80, BudgetAction::Block), false).unwrap();
        assert_eq!(title, "Budget \"Team\" is 80% used");
        assert_eq!(body, "$4.05 of $5.00 spent.");
        let (_, body) = alert_text(&alert(100, BudgetAction::Block), false).unwrap();
        assert!(body.contains("blocked"));
        let (_, body) = alert_text(&alert(100, BudgetAction::Notify), false).unwrap();
        assert!(!body.contains("blocked"));
        let (title, body) = alert_text(&alert(100, BudgetAction::Block), true).unwrap();
        assert_eq!(title, "预算「Team」已用 100%");
        assert!(body.contains("拦截"));
        assert!(alert_text(&Kind::UsageChanged, false).is_none());
    }
}
