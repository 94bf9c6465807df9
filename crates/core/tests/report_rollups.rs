//! The rollups stay equal to a recomputation from the ledger whatever writes it: inserts, updates, retention,
//! and time zone offsets coming and going.

mod report_support;

use report_support::*;
use switchyard_core::cost::report::*;

#[test]
fn retention_deletes_old_calls_and_the_rollups_still_match_the_ledger() {
    let (_dir, conn) = db();
    ensure_zone(&conn, 480).unwrap();
    insert(&conn, &ten_days());
    assert_rollups_match_the_ledger(&conn);
    let cut = MAR_1 + 4 * DAY + 7 * HOUR + 12_345;
    let before: i64 = conn.query_row("SELECT count(*) FROM ledger WHERE at < ?1", [cut], |r| r.get(0)).unwrap();
    assert_eq!(delete_before(&conn, cut).unwrap(), before as u64);
    assert_rollups_match_the_ledger(&conn);
    let r = usage_report(&conn, &UsageFilter::range(0, MAR_1 + 30 * DAY, 480), SpendGroup::Provider).unwrap();
    let left: i64 = conn.query_row("SELECT count(*) FROM ledger", [], |r| r.get(0)).unwrap();
    assert_eq!(r.totals.requests, left as u64);
    delete_before(&conn, i64::MAX).unwrap();
    assert_rollups_match_the_ledger(&conn);
    assert!(rollup_cells(&conn, 480).unwrap().is_empty(), "no empty rollup rows are left behind");
}

#[test]
fn a_ledger_row_that_changes_moves_between_rollup_cells() {
    let (_dir, conn) = db();
    insert(&conn, &ten_days());
    conn.execute(
        "UPDATE ledger SET cost_usd_micros = 5, cost_micros = 5, status = 'ok', error_category = NULL WHERE id % 4 = 0",
        [],
    )
    .unwrap();
    conn.execute("UPDATE ledger SET at = at + 86400000, provider_id = NULL WHERE id % 9 = 0", []).unwrap();
    assert_rollups_match_the_ledger(&conn);
}

#[test]
fn a_new_offset_is_backfilled_and_the_least_recently_used_dropped() {
    let (_dir, conn) = db();
    insert(&conn, &ten_days());
    for tz in [60, -330, 765] {
        let r = usage_report(&conn, &UsageFilter::range(0, MAR_1 + 30 * DAY, tz), SpendGroup::Provider).unwrap();
        assert_eq!(r.totals.requests, 272);
        assert_eq!(kept_zones(&conn).unwrap()[0], tz, "the zone just used is kept");
        assert_rollups_match_the_ledger(&conn);
    }
    assert_eq!(kept_zones(&conn).unwrap(), [765, -330]);
    let dropped: i64 = conn.query_row("SELECT count(*) FROM usage_daily WHERE zone = 60", [], |r| r.get(0)).unwrap();
    assert_eq!(dropped, 0);
    insert(&conn, &[call(MAR_1 + 20 * DAY)]);
    assert_rollups_match_the_ledger(&conn);
    assert_eq!(
        usage_report(&conn, &UsageFilter::range(0, MAR_1 + 30 * DAY, -330), SpendGroup::Model).unwrap().totals.requests,
        273
    );
    // Used again, -330 is the most recent: a new zone now drops 765, not it.
    assert_eq!(kept_zones(&conn).unwrap(), [-330, 765]);
    usage_report(&conn, &UsageFilter::range(0, 1, 0), SpendGroup::Model).unwrap();
    assert_eq!(kept_zones(&conn).unwrap(), [0, -330]);
}
