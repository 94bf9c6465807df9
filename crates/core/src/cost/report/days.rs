//! Local days: day numbers since 1970-01-01 at a fixed offset from UTC, as the rollups key them.

const DAY_MS: i64 = 86_400_000;
const MINUTE_MS: i64 = 60_000;

/// The local day that holds `at_ms` (epoch ms) at `tz_offset_minutes` east of UTC.
pub fn local_day(at_ms: i64, tz_offset_minutes: i32) -> i64 {
    at_ms.saturating_add(tz_offset_minutes as i64 * MINUTE_MS).div_euclid(DAY_MS)
}

/// Epoch ms of the local midnight that starts `day`.
pub fn day_start_ms(day: i64, tz_offset_minutes: i32) -> i64 {
    day.saturating_mul(DAY_MS).saturating_sub(tz_offset_minutes as i64 * MINUTE_MS)
}

/// YYYY-MM-DD.
pub fn day_label(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The first day of the month that holds `day`.
pub fn month_start(day: i64) -> i64 {
    let (y, m, _) = civil_from_days(day);
    days_from_civil(y, m, 1)
}

// Howard Hinnant's civil calendar algorithms (proleptic Gregorian).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * if m > 2 { m - 3 } else { m + 9 } + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_known_dates_and_leap_days() {
        assert_eq!(day_label(0), "1970-01-01");
        assert_eq!(day_label(19_782), "2024-02-29");
        assert_eq!(day_label(19_783), "2024-03-01");
        assert_eq!(day_label(20_454), "2026-01-01");
    }

    #[test]
    fn a_local_day_starts_at_local_midnight() {
        // 2024-03-01T16:30Z is 2024-03-02 00:30 at UTC+8 and 2024-03-01 11:00 at UTC-05:30.
        let at = day_start_ms(19_783, 0) + (16 * 60 + 30) * MINUTE_MS;
        assert_eq!(local_day(at, 480), 19_784);
        assert_eq!(local_day(at, -330), 19_783);
        assert_eq!(day_start_ms(19_784, 480), day_start_ms(19_783, 0) + 16 * 3_600_000);
        assert_eq!(local_day(day_start_ms(19_784, 480), 480), 19_784);
        assert_eq!(local_day(day_start_ms(19_784, 480) - 1, 480), 19_783);
    }

    #[test]
    fn month_start_is_the_first_of_the_month() {
        assert_eq!(day_label(month_start(19_782)), "2024-02-01");
        assert_eq!(day_label(month_start(19_783)), "2024-03-01");
        for day in 19_000..19_800 {
            assert_eq!(days_from_civil(civil_from_days(day).0, civil_from_days(day).1, civil_from_days(day).2), day);
        }
    }
}
