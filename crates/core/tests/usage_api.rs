//! The Usage screen's calls on core: the report and log of what was spent, a trace, exports that appear whole,
//! retention, and the daily report sent once a day.

mod support;

use support::gateway_call;
use support::priced::{fixed_usage_upstream, priced_provider, CALL_COST};
use switchyard_core::cost::report::{ExportFormat, SpendGroup, UsageFilter};
use switchyard_core::ir::{ChatRequest, Message, Role};
use switchyard_core::store::now_ms;

fn ask(text: &str) -> ChatRequest {
    ChatRequest { messages: vec![Message::text(Role::User, text)], ..Default::default() }
}

fn all_time() -> UsageFilter {
    UsageFilter::range(0, now_ms() + 60_000, 0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_show_up_in_the_report_the_log_a_trace_and_an_export() {
    let up = fixed_usage_upstream();
    let dir = tempfile::tempdir().unwrap();
    let core = support::open_core(dir.path()).await;
    let provider = priced_provider(&core, &up, "paid", "m").await;
    for text in ["one", "two", "three"] {
        core.complete(gateway_call("m", &ask(text))).await.unwrap();
    }
    core.prepare_usage_rollups().await.unwrap();
    let report = core.usage_report(all_time(), SpendGroup::Provider).await.unwrap();
    assert_eq!((report.totals.requests, report.totals.cost_usd_micros), (3, 3 * CALL_COST));
    assert_eq!(report.spend.iter().map(|p| p.cost_usd_micros).sum::<i64>(), 3 * CALL_COST);
    assert!(report.spend.iter().all(|p| p.key == provider));

    let first = core.usage_log(all_time(), None, 2).await.unwrap();
    assert_eq!(first.rows.len(), 2);
    let rest = core.usage_log(all_time(), first.next_before, 2).await.unwrap();
    assert_eq!((rest.rows.len(), rest.next_before), (1, None));
    let trace = first.rows[0].entry.trace_id.clone();
    let traced = core.usage_trace(&format!(" {trace} ")).await.unwrap();
    assert_eq!(traced.len(), 1);
    assert_eq!(traced[0].entry.cost.as_ref().map(|c| c.usd_micros), Some(CALL_COST));

    let exports = dir.path().join("exports");
    let csv_path = core.export_usage(all_time(), ExportFormat::Csv, &exports).await.unwrap();
    assert_eq!(csv_path.extension().unwrap(), "csv");
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert!(headers.iter().any(|h| h == "trace_id") && headers.iter().any(|h| h == "cost_usd_micros"));
    assert_eq!(reader.records().count(), 3);
    let json_path = core.export_usage(all_time(), ExportFormat::Json, &exports).await.unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(3));
    let again = core.export_usage(all_time(), ExportFormat::Csv, &exports).await.unwrap();
    assert_ne!(again, csv_path, "a second export in the same second does not overwrite the first");
    let leftovers: Vec<_> = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn todays_report_counts_todays_calls_and_yesterdays_does_not() {
    let up = fixed_usage_upstream();
    let dir = tempfile::tempdir().unwrap();
    let core = support::open_core(dir.path()).await;
    priced_provider(&core, &up, "paid", "m").await;
    assert_eq!(core.today_report().await.unwrap().total_usd_micros, 0);
    for text in ["one", "two"] {
        core.complete(gateway_call("m", &ask(text))).await.unwrap();
    }
    let today = core.today_report().await.unwrap();
    assert_eq!((today.total_usd_micros, today.lines.len()), (2 * CALL_COST, 1));
    assert_eq!(today.lines[0].requests, 2);
    assert_ne!(today.day, core.daily_report().await.unwrap().day);
    assert_eq!(core.daily_report().await.unwrap().total_usd_micros, 0, "yesterday's report has none of them");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_that_cannot_be_written_fails_clearly_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let core = support::open_core(dir.path()).await;
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, b"x").unwrap();
    let e = core.export_usage(all_time(), ExportFormat::Csv, &blocker).await.unwrap_err();
    assert_eq!(e.code, "io_failed");
    assert_eq!(std::fs::read(&blocker).unwrap(), b"x", "nothing was written over the file in the way");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retention_deletes_only_what_is_older_and_only_when_set() {
    let up = fixed_usage_upstream();
    let dir = tempfile::tempdir().unwrap();
    let core = support::open_core(dir.path()).await;
    priced_provider(&core, &up, "paid", "m").await;
    core.complete(gateway_call("m", &ask("kept"))).await.unwrap();
    assert_eq!(core.apply_retention().await.unwrap(), 0, "forever by default");
    let mut settings = core.get_settings().await.unwrap();
    settings.retention_days = Some(30);
    core.update_settings(settings).await.unwrap();
    assert_eq!(core.apply_retention().await.unwrap(), 0, "today's call is within 30 days");
    assert_eq!(core.delete_usage_before(now_ms() + 1).await.unwrap(), 1);
    assert!(core.recent_calls(10).await.unwrap().is_empty());
    let report = core.usage_report(all_time(), SpendGroup::Model).await.unwrap();
    assert_eq!((report.totals.requests, report.totals.cost_usd_micros), (0, 0), "the rollups follow the delete");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daily_report_is_due_once_a_day_and_only_when_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let core = support::open_core(dir.path()).await;
    assert!(core.daily_report_due().await.unwrap().is_none(), "off by default");
    let mut settings = core.get_settings().await.unwrap();
    settings.daily_report_notification = true;
    core.update_settings(settings).await.unwrap();
    let due = core.daily_report_due().await.unwrap().expect("the first check of the day sends it");
    assert_eq!(due, core.daily_report().await.unwrap());
    assert!(core.daily_report_due().await.unwrap().is_none(), "once a day");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_exchange_rate_prices_the_calls_after_it() {
    let up = fixed_usage_upstream();
    let dir = tempfile::tempdir().unwrap();
    let core = support::open_core(dir.path()).await;
    let provider = priced_provider(&core, &up, "yuan", "m").await;
    let in_yuan = switchyard_core::cost::pricing::PriceOverride {
        currency: "CNY".into(),
        ..support::priced::flat_price(&provider, "m")
    };
    core.save_price_override(in_yuan).await.unwrap();
    let mut settings = core.get_settings().await.unwrap();
    settings.exchange_rates =
        vec![switchyard_core::cost::pricing::ExchangeRate { currency: "CNY".into(), usd_per_unit_micros: 100_000 }];
    core.update_settings(settings.clone()).await.unwrap();
    core.complete(gateway_call("m", &ask("at ten cents a yuan"))).await.unwrap();
    settings.exchange_rates[0].usd_per_unit_micros = 200_000;
    core.update_settings(settings).await.unwrap();
    core.complete(gateway_call("m", &ask("at twenty cents a yuan"))).await.unwrap();
    let rows = core.recent_calls(2).await.unwrap();
    let usd: Vec<i64> = rows.iter().map(|r| r.cost.as_ref().unwrap().usd_micros).collect();
    // 10_010 µ¥ each; the newest first.
    assert_eq!(usd, [CALL_COST / 5, CALL_COST / 10]);
    assert!(rows
        .iter()
        .all(|r| r.cost.as_ref().unwrap().micros == CALL_COST && r.cost.as_ref().unwrap().currency == "CNY"));
}
