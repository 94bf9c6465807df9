//! The usage reports against ledger rows written by hand, each test in its own temporary database.

mod report_support;

use report_support::*;
use switchyard_core::cost::money::{Cost, PriceSource};
use switchyard_core::cost::report::{self, *};
use switchyard_core::error::ErrorCategory;
use switchyard_core::origin::OriginKind;
use switchyard_core::store::ledger::{CallStatus, LedgerEntry};

/// Six calls over 2024-03-01 and 03-02 (UTC): two providers, three models, all three statuses and origins.
fn two_days() -> Vec<LedgerEntry> {
    let a = MAR_1 + 10 * HOUR;
    let b = MAR_1 + DAY + 9 * HOUR;
    vec![
        LedgerEntry {
            usage: tokens(1000, 200, 300, 100, 50),
            cost: usd(1500),
            latency_ms: 200,
            ttft_ms: Some(50),
            ..call(a)
        },
        LedgerEntry {
            usage: tokens(10, 0, 0, 0, 0),
            latency_ms: 30_000,
            ..failed(gateway(openai(call(a + 1), "gpt-4o"), "k1"), ErrorCategory::Timeout)
        },
        LedgerEntry {
            origin_kind: OriginKind::Workflow,
            origin: "workflow:w1".into(),
            usage: tokens(500, 0, 0, 0, 0),
            cost: usd(200),
            latency_ms: 900,
            ..failed(call(a + 2), ErrorCategory::Cancelled)
        },
        LedgerEntry {
            usage: tokens(2000, 100, 0, 0, 0),
            cost: usd(7000),
            latency_ms: 1000,
            ttft_ms: Some(300),
            ..openai(call(b), "gpt-4o")
        },
        LedgerEntry {
            usage: tokens(100, 900, 0, 0, 800),
            latency_ms: 4000,
            model: Some("deepseek-reasoner".into()),
            ..gateway(call(b + 1), "k2")
        },
        // A priced failure that cost nothing: 0, not unpriced.
        LedgerEntry {
            usage: tokens(50, 0, 0, 0, 0),
            cost: usd(0),
            ..failed(gateway(openai(call(b + 2), "gpt-4o"), "k1"), ErrorCategory::RateLimited)
        },
    ]
}

fn two_day_filter() -> UsageFilter {
    UsageFilter::range(MAR_1, MAR_1 + 2 * DAY, 0)
}

#[test]
fn the_report_adds_up_the_calls_by_hand() {
    let (_dir, conn) = db();
    insert(&conn, &two_days());
    let r = usage_report(&conn, &two_day_filter(), SpendGroup::Provider).unwrap();
    assert_eq!(
        r.totals,
        UsageTotals {
            requests: 6,
            ok: 3,
            errors: 2,
            cancelled: 1,
            cached: 0,
            cache: Default::default(),
            unpriced_requests: 2,
            cost_usd_micros: 8700,
            input_tokens: 3660,
            output_tokens: 1200,
            cache_read_tokens: 300,
            cache_write_tokens: 100,
            reasoning_tokens: 850,
        }
    );
    let spend = |day: &str, key: &str, label: &str, cost, requests, unpriced| SpendPoint {
        day: day.into(),
        key: key.into(),
        label: label.into(),
        cost_usd_micros: cost,
        requests,
        unpriced,
    };
    assert_eq!(
        r.spend,
        [
            spend("2024-03-01", "p1", "DeepSeek", 1700, 2, 0),
            spend("2024-03-01", "p2", "OpenAI", 0, 1, 1),
            spend("2024-03-02", "p1", "DeepSeek", 0, 1, 1),
            spend("2024-03-02", "p2", "OpenAI", 7000, 2, 0),
        ]
    );
    let by_model = usage_report(&conn, &two_day_filter(), SpendGroup::Model).unwrap().spend;
    assert_eq!(
        by_model,
        [
            spend("2024-03-01", "deepseek-chat", "deepseek-chat", 1700, 2, 0),
            spend("2024-03-01", "gpt-4o", "gpt-4o", 0, 1, 1),
            spend("2024-03-02", "deepseek-reasoner", "deepseek-reasoner", 0, 1, 1),
            spend("2024-03-02", "gpt-4o", "gpt-4o", 7000, 2, 0),
        ]
    );
    assert_eq!(
        r.tokens,
        [
            TokenPoint {
                day: "2024-03-01".into(),
                input_tokens: 1110,
                output_tokens: 200,
                cache_read_tokens: 300,
                cache_write_tokens: 100,
                reasoning_tokens: 50
            },
            TokenPoint {
                day: "2024-03-02".into(),
                input_tokens: 2150,
                output_tokens: 1000,
                cache_read_tokens: 0,
                cache_write_tokens: 0,
                reasoning_tokens: 800
            },
        ]
    );
    let count = |category, count| CategoryCount { category, count };
    assert_eq!(
        r.requests,
        [
            RequestPoint {
                day: "2024-03-01".into(),
                requests: 3,
                ok: 1,
                errors: 1,
                cancelled: 1,
                cached: 0,
                by_category: vec![count(ErrorCategory::Timeout, 1)]
            },
            RequestPoint {
                day: "2024-03-02".into(),
                requests: 3,
                ok: 2,
                errors: 1,
                cancelled: 0,
                cached: 0,
                by_category: vec![count(ErrorCategory::RateLimited, 1)]
            },
        ]
    );
    // Nearest rank: of 3 values, p50 is the 2nd and p95 the 3rd.
    assert_eq!(
        r.latency,
        [
            LatencyPoint {
                day: "2024-03-01".into(),
                latency_p50_ms: est(900),
                latency_p95_ms: est(30_000),
                ttft_p50_ms: Some(est(50)),
                ttft_p95_ms: Some(est(50))
            },
            LatencyPoint {
                day: "2024-03-02".into(),
                latency_p50_ms: est(1000),
                latency_p95_ms: est(4000),
                ttft_p50_ms: Some(est(300)),
                ttft_p95_ms: Some(est(300))
            },
        ]
    );
    assert_eq!(
        r.options,
        FilterOptions {
            providers: vec![
                NamedId { id: "p1".into(), name: "DeepSeek".into() },
                NamedId { id: "p2".into(), name: "OpenAI".into() }
            ],
            models: vec!["deepseek-chat".into(), "deepseek-reasoner".into(), "gpt-4o".into()],
        }
    );
}

#[test]
fn each_filter_narrows_and_the_options_stay() {
    let (_dir, conn) = db();
    insert(&conn, &two_days());
    let all = usage_report(&conn, &two_day_filter(), SpendGroup::Provider).unwrap();
    let with = |f: &dyn Fn(&mut UsageFilter)| {
        let mut filter = two_day_filter();
        f(&mut filter);
        usage_report(&conn, &filter, SpendGroup::Provider).unwrap()
    };
    let by_provider = with(&|f| f.provider_ids = vec!["p2".into()]);
    assert_eq!((by_provider.totals.requests, by_provider.totals.cost_usd_micros), (3, 7000));
    assert_eq!(by_provider.options, all.options, "the menus list what the range holds, not what is picked");
    let by_model = with(&|f| f.models = vec!["deepseek-chat".into()]);
    assert_eq!((by_model.totals.requests, by_model.totals.cost_usd_micros), (2, 1700));
    let by_origin = with(&|f| f.origin_kinds = vec![OriginKind::Gateway]);
    assert_eq!((by_origin.totals.requests, by_origin.totals.unpriced_requests), (3, 2));
    let by_status = with(&|f| f.statuses = vec![CallStatus::Error]);
    assert_eq!((by_status.totals.requests, by_status.totals.errors), (2, 2));
    assert_eq!(by_status.latency.iter().map(|p| p.latency_p50_ms).collect::<Vec<_>>(), [est(30_000), est(100)]);
    let combined = with(&|f| {
        f.provider_ids = vec!["p2".into()];
        f.statuses = vec![CallStatus::Ok];
    });
    assert_eq!((combined.totals.requests, combined.totals.cost_usd_micros), (1, 7000));
    let nothing = with(&|f| f.models = vec!["no-such-model".into()]);
    assert_eq!(nothing.totals, UsageTotals::default());
    assert!(nothing.spend.is_empty() && nothing.latency.is_empty());
}

#[test]
fn local_days_turn_at_local_midnight() {
    let (_dir, conn) = db();
    // 2024-03-01T15:59:59.999Z is 23:59:59.999 at UTC+8; 16:00Z is midnight there.
    insert(&conn, &[call(MAR_1 + 16 * HOUR - 1), call(MAR_1 + 16 * HOUR)]);
    let days = |tz| {
        let r = usage_report(&conn, &UsageFilter::range(MAR_1 - DAY, MAR_1 + 2 * DAY, tz), SpendGroup::Model).unwrap();
        r.requests.iter().map(|p| (p.day.clone(), p.requests)).collect::<Vec<_>>()
    };
    assert_eq!(days(480), [("2024-03-01".into(), 1), ("2024-03-02".into(), 1)]);
    assert_eq!(days(0), [("2024-03-01".into(), 2)]);
    // At UTC-10:30 both are on the morning of 03-01; at +13:45 both are on 03-02.
    assert_eq!(days(-630), [("2024-03-01".into(), 2)]);
    assert_eq!(days(825), [("2024-03-02".into(), 2)]);
    // Half-hour zone: 18:30Z is midnight at UTC+05:30 (India).
    insert(&conn, &[call(MAR_1 - 330 * 60_000 - 1), call(MAR_1 - 330 * 60_000)]);
    assert_eq!(days(330), [("2024-02-29".into(), 1), ("2024-03-01".into(), 3)]);
}

#[test]
fn any_range_counts_exactly_the_calls_inside_it() {
    let (_dir, conn) = db();
    // A call every 37 minutes for 4 days, costs 1..=n.
    let entries: Vec<LedgerEntry> =
        (0..156).map(|i| LedgerEntry { cost: usd(i + 1), ..call(MAR_1 + i * 37 * 60_000) }).collect();
    insert(&conn, &entries);
    let mut seed = 7u64;
    for _ in 0..60 {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let from = MAR_1 - DAY + (seed >> 20) as i64 % (5 * DAY);
        let to = from + (seed >> 5) as i64 % (3 * DAY);
        for tz in [0, 480, -300] {
            let r = usage_report(&conn, &UsageFilter::range(from, to, tz), SpendGroup::Provider).unwrap();
            let inside: Vec<&LedgerEntry> = entries.iter().filter(|e| e.at >= from && e.at < to).collect();
            let cost: i64 = inside.iter().map(|e| e.cost.as_ref().unwrap().usd_micros).sum();
            assert_eq!(
                (r.totals.requests, r.totals.cost_usd_micros),
                (inside.len() as u64, cost),
                "[{from}, {to}) at {tz}"
            );
            let spent = spent_usd_micros(&conn, from, to, SpendScope::Global).unwrap();
            assert_eq!(spent, cost, "budget spend over [{from}, {to})");
        }
    }
}

#[test]
fn unpriced_calls_are_counted_apart_never_as_zero() {
    let (_dir, conn) = db();
    insert(
        &conn,
        &[call(MAR_1 + HOUR), call(MAR_1 + 2 * HOUR), LedgerEntry { cost: usd(0), ..call(MAR_1 + 3 * HOUR) }],
    );
    let r = usage_report(&conn, &UsageFilter::range(MAR_1, MAR_1 + DAY, 0), SpendGroup::Provider).unwrap();
    assert_eq!((r.totals.requests, r.totals.unpriced_requests, r.totals.cost_usd_micros), (3, 2, 0));
    assert_eq!((r.spend[0].requests, r.spend[0].unpriced), (3, 2));
    let d = daily(&conn, MAR_1, 0).unwrap();
    assert_eq!((d.unpriced, d.lines[0].unpriced, d.lines[0].requests), (2, 2, 3));
}

#[test]
fn latency_percentiles_are_within_the_stated_bound() {
    let (_dir, conn) = db();
    let latencies: Vec<i64> = (0..1000).map(|i: i64| (i * i * 7919) % 90_000 + i % 13).collect();
    let entries: Vec<LedgerEntry> = latencies
        .iter()
        .enumerate()
        .map(|(i, &ms)| LedgerEntry { latency_ms: ms, ttft_ms: Some(ms / 3), ..call(MAR_1 + i as i64 * 60_000) })
        .collect();
    insert(&conn, &entries);
    let r = usage_report(&conn, &UsageFilter::range(MAR_1, MAR_1 + DAY, 0), SpendGroup::Provider).unwrap();
    let nearest_rank = |values: &[i64], p: usize| {
        let mut v = values.to_vec();
        v.sort();
        v[(v.len() * p).div_ceil(100) - 1]
    };
    let ttfts: Vec<i64> = latencies.iter().map(|ms| ms / 3).collect();
    let point = &r.latency[0];
    for (got, exact) in [
        (point.latency_p50_ms, nearest_rank(&latencies, 50)),
        (point.latency_p95_ms, nearest_rank(&latencies, 95)),
        (point.ttft_p50_ms.unwrap(), nearest_rank(&ttfts, 50)),
        (point.ttft_p95_ms.unwrap(), nearest_rank(&ttfts, 95)),
    ] {
        assert!((got - exact).abs() * 10 <= exact, "histogram {got} vs exact {exact}");
    }
}

#[test]
fn the_log_pages_newest_first_without_gaps_or_repeats() {
    let (_dir, conn) = db();
    // Mostly in time order, but every fifth row is written late (a clock step back), and some share a moment.
    let entries: Vec<LedgerEntry> = (0..237)
        .map(|i| {
            let at = if i % 5 == 0 { MAR_1 + (i - 40) * 1000 } else { MAR_1 + i / 2 * 2000 };
            let e = LedgerEntry { cost: if i % 3 == 0 { usd(i) } else { None }, ..call(at) };
            if i % 4 == 0 {
                openai(e, "gpt-4o")
            } else {
                e
            }
        })
        .collect();
    insert(&conn, &entries);
    let mut filter = UsageFilter::range(MAR_1 + 10_000, MAR_1 + 230_000, 0);
    filter.provider_ids = vec!["p1".into()];
    let mut newest_first: Vec<(usize, &LedgerEntry)> = entries.iter().enumerate().collect();
    newest_first.sort_by_key(|(id, e)| std::cmp::Reverse((e.at, *id)));
    let expected: Vec<&LedgerEntry> = newest_first
        .into_iter()
        .map(|(_, e)| e)
        .filter(|e| e.at >= filter.from_ms && e.at < filter.to_ms && e.provider_id.as_deref() == Some("p1"))
        .collect();
    let (mut seen, mut before, mut pages) = (Vec::new(), None, 0);
    loop {
        let page = log_page(&conn, &filter, before, 20).unwrap();
        assert!(page.rows.len() <= 20);
        pages += 1;
        seen.extend(page.rows);
        if pages == 1 {
            // A call that lands while the person reads page one: newer than it, so on no later page.
            insert(&conn, &[call(filter.to_ms - 1)]);
        }
        match page.next_before {
            Some(id) => before = Some(id),
            None => break,
        }
    }
    assert_eq!(pages, expected.len().div_ceil(20));
    let mut ids: Vec<i64> = seen.iter().map(|r| r.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), seen.len(), "no repeats");
    assert_eq!(seen.iter().map(|r| &r.entry).collect::<Vec<_>>(), expected, "every row, every field");
    // A full last page says there is no more.
    let exact = log_page(&conn, &filter, None, expected.len() as u32 + 1).unwrap();
    assert_eq!((exact.rows.len(), exact.next_before), (expected.len() + 1, None));
    // A page after a row retention took is empty: every older row went with it.
    let anchor = seen[30].id;
    delete_before(&conn, seen[30].entry.at + 1).unwrap();
    assert_eq!(log_page(&conn, &filter, Some(anchor), 20).unwrap(), LogPage { rows: vec![], next_before: None });
}

#[test]
fn a_trace_lists_its_calls_oldest_first() {
    let (_dir, conn) = db();
    insert(
        &conn,
        &[
            LedgerEntry { trace_id: "tr".into(), attempts: 1, ..call(MAR_1) },
            call(MAR_1 + 1),
            LedgerEntry { trace_id: "tr".into(), attempts: 2, ..openai(call(MAR_1 + 2), "gpt-4o") },
        ],
    );
    let rows = by_trace(&conn, "tr").unwrap();
    assert_eq!(rows.iter().map(|r| r.entry.attempts).collect::<Vec<_>>(), [1, 2]);
    assert!(rows[0].id < rows[1].id);
    assert!(by_trace(&conn, "none").unwrap().is_empty());
}

#[test]
fn the_csv_export_parses_back_with_every_field() {
    let (_dir, conn) = db();
    let entries = awkward_rows();
    insert(&conn, &entries);
    let mut out = Vec::new();
    let n = export(&conn, &UsageFilter::range(MAR_1, MAR_1 + DAY, 0), ExportFormat::Csv, &mut out).unwrap();
    assert_eq!(n, 2, "the row three days later is outside the range");
    let mut reader = csv::Reader::from_reader(out.as_slice());
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), EXPORT_HEADER);
    let records: Vec<ExportRecord> = reader.deserialize().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 2);
    for (r, e) in records.iter().zip(&entries) {
        check_record(r, e);
    }
    assert!(records[0].id < records[1].id);
    assert_eq!(records[1].cost_usd_micros, None, "unpriced stays empty, not 0");

    let mut filter = UsageFilter::range(MAR_1, MAR_1 + 7 * DAY, 0);
    filter.statuses = vec![CallStatus::Error];
    let mut out = Vec::new();
    assert_eq!(export(&conn, &filter, ExportFormat::Csv, &mut out).unwrap(), 1);
    filter.models = vec!["none".into()];
    let mut out = Vec::new();
    assert_eq!(export(&conn, &filter, ExportFormat::Csv, &mut out).unwrap(), 0);
    let mut reader = csv::Reader::from_reader(out.as_slice());
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), EXPORT_HEADER, "an empty export keeps its header");
}

#[test]
fn the_json_export_is_an_array_of_every_field() {
    let (_dir, conn) = db();
    let entries = awkward_rows();
    insert(&conn, &entries);
    for (range, expected) in [(UsageFilter::range(MAR_1, MAR_1 + 7 * DAY, 0), 3), (UsageFilter::range(0, 1, 0), 0)] {
        let mut out = Vec::new();
        assert_eq!(export(&conn, &range, ExportFormat::Json, &mut out).unwrap(), expected);
        let values: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
        assert_eq!(values.len(), expected as usize);
        for (v, e) in values.iter().zip(&entries) {
            assert_eq!(v.as_object().unwrap().keys().count(), EXPORT_HEADER.len());
            check_record(&serde_json::from_value(v.clone()).unwrap(), e);
        }
    }
}

#[test]
fn the_daily_report_lists_a_local_day_and_the_month_to_date() {
    let (_dir, conn) = db();
    let tz = 480;
    let mar_2_local = day_start_ms(local_day(MAR_1, 0) + 1, tz); // 2024-03-02 00:00 at UTC+8
    insert(
        &conn,
        &[
            LedgerEntry { cost: usd(100), ..call(mar_2_local - 2 * DAY) }, // 02-29 local: another month
            LedgerEntry { cost: usd(40), ..call(mar_2_local - DAY) },      // 03-01: month to date
            LedgerEntry { cost: usd(300), ..openai(call(mar_2_local), "gpt-4o") },
            LedgerEntry { cost: usd(200), ..openai(call(mar_2_local + HOUR), "gpt-4o") },
            LedgerEntry { cost: usd(50), ..call(mar_2_local + DAY - 1) },
            call(mar_2_local + 2 * HOUR),
            LedgerEntry { cost: usd(9999), ..call(mar_2_local + DAY) }, // 03-03
        ],
    );
    let d = daily(&conn, mar_2_local, tz).unwrap();
    assert_eq!(d.day, "2024-03-02");
    let line = |provider: &str, name: &str, model: &str, cost, requests, unpriced| SpendLine {
        provider_id: Some(provider.into()),
        provider_name: Some(name.into()),
        model: Some(model.into()),
        cost_usd_micros: cost,
        requests,
        unpriced,
    };
    assert_eq!(d.lines, [line("p2", "OpenAI", "gpt-4o", 500, 2, 0), line("p1", "DeepSeek", "deepseek-chat", 50, 2, 1)]);
    assert_eq!((d.total_usd_micros, d.unpriced, d.month_to_date_usd_micros), (550, 1, 590));
}

#[test]
fn budget_spend_is_counted_by_scope() {
    let (_dir, conn) = db();
    insert(
        &conn,
        &[
            LedgerEntry { cost: usd(10), ..gateway(call(MAR_1 + 30 * 60_000), "k1") },
            LedgerEntry { cost: usd(20), ..gateway(openai(call(MAR_1 + 2 * HOUR), "gpt-4o"), "k1") },
            LedgerEntry { cost: usd(40), ..gateway(openai(call(MAR_1 + 5 * HOUR + 1), "gpt-4o"), "k2") },
            LedgerEntry { cost: usd(80), ..call(MAR_1 + 5 * HOUR + 2) },
            gateway(call(MAR_1 + 6 * HOUR), "k1"),
        ],
    );
    let spent = |from, to, scope| spent_usd_micros(&conn, from, to, scope).unwrap();
    let day = (MAR_1, MAR_1 + DAY);
    assert_eq!(spent(day.0, day.1, SpendScope::Global), 150);
    assert_eq!(spent(day.0, day.1, SpendScope::Provider("p2")), 60);
    assert_eq!(spent(day.0, day.1, SpendScope::Provider("p1")), 90);
    assert_eq!(spent(day.0, day.1, SpendScope::AccessKey("k1")), 30);
    assert_eq!(spent(day.0, day.1, SpendScope::AccessKey("k2")), 40);
    assert_eq!(spent(MAR_1 + 31 * 60_000, MAR_1 + 5 * HOUR + 2, SpendScope::Global), 60, "cut hours at both ends");
    assert_eq!(spent(day.1, day.0, SpendScope::Global), 0);
}

#[test]
fn an_empty_or_reversed_range_reports_nothing() {
    let (_dir, conn) = db();
    insert(&conn, &two_days());
    for (from, to) in [(MAR_1, MAR_1), (MAR_1 + DAY, MAR_1)] {
        let r = usage_report(&conn, &UsageFilter::range(from, to, 0), SpendGroup::Provider).unwrap();
        assert_eq!(r.totals, UsageTotals::default());
        assert!(r.options.providers.is_empty());
        assert!(log_page(&conn, &UsageFilter::range(from, to, 0), None, 10).unwrap().rows.is_empty());
    }
    let _ = report::MAX_ZONES;
}

fn awkward_rows() -> Vec<LedgerEntry> {
    vec![
        LedgerEntry {
            origin: "gateway:a, \"quoted\" key".into(),
            route: "line\nbreak".into(),
            usage: tokens(11, 22, 3, 4, 5),
            ttft_ms: Some(40),
            cost: Some(Cost {
                micros: 7000,
                currency: "CNY".into(),
                usd_micros: 980,
                usd_per_unit_micros: 140_000,
                source: PriceSource::Override,
            }),
            ..gateway(call(MAR_1 + HOUR), "k1")
        },
        failed(call(MAR_1 + 2 * HOUR), ErrorCategory::Upstream),
        call(MAR_1 + 3 * DAY),
    ]
}

fn check_record(r: &ExportRecord, e: &LedgerEntry) {
    assert_eq!((r.at, &r.origin, &r.route, &r.trace_id), (e.at, &e.origin, &e.route, &e.trace_id));
    assert_eq!(
        (&r.access_key_id, &r.conversation_id, &r.message_id),
        (&e.access_key_id, &e.conversation_id, &e.message_id)
    );
    assert_eq!((&r.provider_id, &r.provider_name, &r.model), (&e.provider_id, &e.provider_name, &e.model));
    assert_eq!((r.attempts, r.streamed, r.latency_ms, r.ttft_ms), (e.attempts, e.streamed, e.latency_ms, e.ttft_ms));
    let u = &e.usage;
    assert_eq!(
        (
            r.input_tokens,
            r.output_tokens,
            r.cache_read_tokens,
            r.cache_write_tokens,
            r.reasoning_tokens,
            r.usage_estimated
        ),
        (u.input_tokens, u.output_tokens, u.cache_read_tokens, u.cache_write_tokens, u.reasoning_tokens, u.estimated)
    );
    assert_eq!(r.status, serde_json::to_value(e.status).unwrap());
    assert_eq!(r.origin_kind, serde_json::to_value(e.origin_kind).unwrap());
    assert_eq!(
        r.error_category.as_deref().map(serde_json::Value::from),
        e.error_category.map(|c| serde_json::to_value(c).unwrap())
    );
    let cost = e.cost.as_ref();
    assert_eq!(
        (r.cost_micros, r.currency.as_ref(), r.cost_usd_micros),
        (cost.map(|c| c.micros), cost.map(|c| &c.currency), cost.map(|c| c.usd_micros))
    );
    assert_eq!(r.usd_per_unit_micros, cost.map(|c| c.usd_per_unit_micros));
    assert_eq!(
        r.price_source.as_deref().map(serde_json::Value::from),
        cost.map(|c| serde_json::to_value(c.source).unwrap())
    );
}

#[test]
fn cache_hits_misses_and_savings_add_up_by_hand_for_any_range() {
    let (_dir, conn) = db();
    let calls = ten_days();
    insert(&conn, &calls);
    for (from, to) in [(0, i64::MAX / 2), (MAR_1 + 3 * DAY + 5 * HOUR, MAR_1 + 6 * DAY + 17 * HOUR)] {
        let inside: Vec<&LedgerEntry> = calls.iter().filter(|c| c.at >= from && c.at < to).collect();
        let hits = inside.iter().filter(|c| c.status == CallStatus::Cached).count() as u64;
        let misses = inside.iter().filter(|c| c.cache == switchyard_core::CacheUse::Miss).count() as u64;
        let saved: i64 = inside.iter().filter_map(|c| c.saved_cost_usd_micros).sum();
        let saved_ms: i64 = inside.iter().filter_map(|c| c.saved_latency_ms).sum();
        assert!(hits > 0 && misses > 0 && saved > 0);
        let t = usage_report(&conn, &UsageFilter::range(from, to, 0), SpendGroup::Provider).unwrap().totals;
        assert_eq!((t.cached, t.cache.hits, t.cache.misses), (hits, hits, misses));
        assert_eq!((t.cache.saved_cost_usd_micros, t.cache.saved_latency_ms), (saved, saved_ms));
        assert_eq!(t.ok + t.errors + t.cancelled + t.cached, t.requests);
    }
}
