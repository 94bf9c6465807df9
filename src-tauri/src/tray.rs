//! The tray icon: whether the gateway listens, today's spend, and open / start or stop the gateway / quit.
//! The labels are rebuilt from the gateway's status and today's report whenever either may have changed.

use std::sync::Arc;

use switchyard_core::cost::money::usd_text;
use switchyard_core::cost::report::DailyReport;
use switchyard_gateway::supervisor::GatewayStatus;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};

use crate::state::AppState;

/// Menu item ids, also what the tray e2e test clicks by label.
const OPEN: &str = "open";
const GATEWAY: &str = "gateway";
const QUIT: &str = "quit";

pub struct Tray {
    status: MenuItem<Wry>,
    spend: MenuItem<Wry>,
    open: MenuItem<Wry>,
    gateway: MenuItem<Wry>,
    quit: MenuItem<Wry>,
}

/// The labels of the tray menu, in the app's language.
#[derive(Debug, PartialEq, Eq)]
pub struct Labels {
    pub status: String,
    pub spend: String,
    pub open: &'static str,
    pub gateway: &'static str,
    pub quit: &'static str,
}

pub fn labels(gateway: &GatewayStatus, today: Option<&DailyReport>, chinese: bool) -> Labels {
    let status = match (&gateway.address, &gateway.error, chinese) {
        (Some(address), _, false) => format!("Gateway: listening on {address}"),
        (Some(address), _, true) => format!("网关：正在监听 {address}"),
        (None, Some(e), false) => format!("Gateway: not running ({})", e.message.trim_end_matches('.')),
        (None, Some(e), true) => format!("网关：未运行（{}）", e.message.trim_end_matches('.')),
        (None, None, false) => "Gateway: stopped".to_owned(),
        (None, None, true) => "网关：已停止".to_owned(),
    };
    let spend = match (today, chinese) {
        (None, false) => "Today: —".to_owned(),
        (None, true) => "今日花费：—".to_owned(),
        (Some(r), false) if r.unpriced > 0 => {
            format!("Today: {} + {} unpriced", usd_text(r.total_usd_micros), r.unpriced)
        }
        (Some(r), true) if r.unpriced > 0 => {
            format!("今日花费：{}（另有 {} 次未计价）", usd_text(r.total_usd_micros), r.unpriced)
        }
        (Some(r), false) => format!("Today: {}", usd_text(r.total_usd_micros)),
        (Some(r), true) => format!("今日花费：{}", usd_text(r.total_usd_micros)),
    };
    let gateway = match (gateway.running, chinese) {
        (true, false) => "Stop gateway",
        (true, true) => "停止网关",
        (false, false) => "Start gateway",
        (false, true) => "启动网关",
    };
    let (open, quit) =
        if chinese { ("打开 Switchyard", "退出 Switchyard") } else { ("Open Switchyard", "Quit Switchyard") };
    Labels { status, spend, open, gateway, quit }
}

pub fn install(app: &AppHandle) -> tauri::Result<Tray> {
    let item = |id: &str, enabled: bool| MenuItem::with_id(app, id, "…", enabled, None::<&str>);
    let tray = Tray {
        status: item("status", false)?,
        spend: item("spend", false)?,
        open: item(OPEN, true)?,
        gateway: item(GATEWAY, true)?,
        quit: item(QUIT, true)?,
    };
    let menu = Menu::with_items(
        app,
        &[
            &tray.status,
            &tray.spend,
            &PredefinedMenuItem::separator(app)?,
            &tray.open,
            &tray.gateway,
            &PredefinedMenuItem::separator(app)?,
            &tray.quit,
        ],
    )?;
    let mut builder = TrayIconBuilder::with_id("main")
        .tooltip("Switchyard")
        .menu(&menu)
        .show_menu_on_left_click(true)
        .on_menu_event(|app, event| on_menu(app, event.id().as_ref()));
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)?;
    Ok(tray)
}

fn on_menu(app: &AppHandle, id: &str) {
    match id {
        OPEN => crate::show_main_window(app),
        GATEWAY => {
            let app = app.clone();
            tauri::async_runtime::spawn(async move {
                let state = app.state::<AppState>();
                let running = state.gateway.status().await.running;
                if let Err(e) = crate::commands::gateway::set_gateway_enabled(&app, !running).await {
                    tracing::warn!(code = %e.code, "the tray could not switch the gateway");
                }
            });
        }
        QUIT => app.exit(0),
        _ => {}
    }
}

/// Rebuilds the labels from the gateway's status and today's spend.
pub async fn refresh(app: &AppHandle) {
    let (Some(state), Some(tray)) = (app.try_state::<AppState>(), app.try_state::<Tray>()) else { return };
    let core: Arc<switchyard_core::Core> = state.core.clone();
    let gateway = state.gateway.status().await;
    let today = core.today_report().await.map_err(|e| tracing::warn!(code = %e.code, "today's spend")).ok();
    let chinese = crate::language::chinese(&core).await;
    let labels = labels(&gateway, today.as_ref(), chinese);
    for (item, text) in [
        (&tray.status, labels.status.as_str()),
        (&tray.spend, labels.spend.as_str()),
        (&tray.open, labels.open),
        (&tray.gateway, labels.gateway),
        (&tray.quit, labels.quit),
    ] {
        if let Err(e) = item.set_text(text) {
            tracing::warn!(error = %e, "a tray label could not be set");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listening() -> GatewayStatus {
        GatewayStatus { running: true, address: Some("http://127.0.0.1:8765".into()), port: 8765, error: None }
    }

    fn day(total: i64, unpriced: u64) -> DailyReport {
        DailyReport {
            day: "2026-12-03".into(),
            lines: vec![],
            total_usd_micros: total,
            unpriced,
            month_to_date_usd_micros: total,
        }
    }

    #[test]
    fn a_listening_gateway_offers_stop_and_todays_spend_shows() {
        let l = labels(&listening(), Some(&day(1_230_000, 0)), false);
        assert_eq!(l.status, "Gateway: listening on http://127.0.0.1:8765");
        assert_eq!(l.spend, "Today: $1.23");
        assert_eq!((l.open, l.gateway, l.quit), ("Open Switchyard", "Stop gateway", "Quit Switchyard"));
    }

    #[test]
    fn a_stopped_gateway_offers_start_and_says_why_it_does_not_run() {
        let stopped = GatewayStatus { running: false, address: None, port: 8765, error: None };
        let l = labels(&stopped, None, false);
        assert_eq!((l.status.as_str(), l.gateway, l.spend.as_str()), ("Gateway: stopped", "Start gateway", "Today: —"));
        let taken = GatewayStatus { error: Some(switchyard_core::Error::internal("Port 8765 is in use.")), ..stopped };
        assert_eq!(labels(&taken, None, false).status, "Gateway: not running (Port 8765 is in use)");
        assert_eq!(labels(&taken, None, true).status, "网关：未运行（Port 8765 is in use）");
    }

    #[test]
    fn unpriced_calls_are_counted_apart_and_chinese_reads_chinese() {
        assert_eq!(labels(&listening(), Some(&day(500_000, 3)), false).spend, "Today: $0.50 + 3 unpriced");
        let l = labels(&listening(), Some(&day(500_000, 3)), true);
        assert_eq!(l.spend, "今日花费：$0.50（另有 3 次未计价）");
        assert_eq!(l.status, "网关：正在监听 http://127.0.0.1:8765");
        assert_eq!((l.open, l.gateway, l.quit), ("打开 Switchyard", "停止网关", "退出 Switchyard"));
        assert_eq!(labels(&listening(), Some(&day(0, 0)), true).spend, "今日花费：$0.00");
        let stopped = GatewayStatus { running: false, address: None, port: 1, error: None };
        assert_eq!(
            (labels(&stopped, None, true).status.as_str(), labels(&stopped, None, true).gateway),
            ("网关：已停止", "启动网关")
        );
    }
}
