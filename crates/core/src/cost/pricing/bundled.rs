//! Looking a call up in Switchyard's own price table (bundled_table.rs) and pricing it there.

use super::bundled_table::{Row, Table, Tier, TABLES};
use super::rate_card::RateCard;
use super::Bound;
use crate::ir::Usage;

/// The call's price in the table's currency: (micro-units, currency). None when the table does not know it.
pub(super) fn quote(preset: &str, base_url: &str, model: &str, u: &Usage, bound: Bound) -> Option<(i64, &'static str)> {
    let table = table_for(preset, base_url)?;
    let row = row_for(table, model)?;
    tracing::debug!(model = row.model, source = row.source, as_of = row.as_of, "priced from the bundled table");
    let card = rate_card(tier_for(row, u), u, bound);
    let micros = match bound {
        Bound::Actual => card.charge(u),
        Bound::Max => card.charge_max(u),
    };
    Some((micros, table.currency))
}

/// By the base URL's host when there is one (a `qwen` preset pointed at the international endpoint is not
/// priced in CNY; a `custom` one pointed at DashScope is); by preset otherwise.
fn table_for(preset: &str, base_url: &str) -> Option<&'static Table> {
    match host_of(base_url) {
        "" => TABLES.iter().find(|t| t.preset == preset),
        host => TABLES.iter().find(|t| t.hosts.iter().any(|h| h.eq_ignore_ascii_case(host))),
    }
}

fn host_of(url: &str) -> &str {
    let rest = url.trim().split_once("://").map_or(url.trim(), |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host_port.split(':').next().unwrap_or("")
}

/// The row named exactly (any case), or the one the model is a dated or `-latest` snapshot of
/// (`qwen-plus-2025-07-28`, `glm-4-air-250414`): those keep their family's price.
fn row_for(table: &'static Table, model: &str) -> Option<&'static Row> {
    let model = model.trim();
    let model = table.strip_prefixes.iter().find_map(|p| model.strip_prefix(p)).unwrap_or(model);
    let lower = model.to_ascii_lowercase();
    let exact = table.rows.iter().find(|r| r.model.eq_ignore_ascii_case(model));
    exact.or_else(|| {
        table
            .rows
            .iter()
            .filter(|r| lower.strip_prefix(&r.model.to_ascii_lowercase()).is_some_and(is_snapshot_suffix))
            .max_by_key(|r| r.model.len())
    })
}

fn is_snapshot_suffix(rest: &str) -> bool {
    let Some(tag) = rest.strip_prefix('-') else { return false };
    matches!(tag, "latest" | "preview")
        || (tag.bytes().any(|b| b.is_ascii_digit()) && tag.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
}

fn tier_for(row: &Row, u: &Usage) -> Tier {
    let input = u.input_tokens.max(u.cache_read_tokens.saturating_add(u.cache_write_tokens));
    *row.tiers.iter().rev().find(|t| input >= t.min_input && u.output_tokens >= t.min_output).unwrap_or(&row.tiers[0])
}

/// Thinking mode is known from the reasoning the call reported; before the call it is not, so the most it can
/// cost takes the thinking rate.
fn rate_card(t: Tier, u: &Usage, bound: Bound) -> RateCard {
    let thinking = t.thinking_output.unwrap_or(t.output);
    let output = match bound {
        Bound::Actual if u.reasoning_tokens > 0 => thinking,
        Bound::Actual => t.output,
        Bound::Max => t.output.max(thinking),
    };
    RateCard {
        input: t.input,
        output,
        cache_read: t.cache_read.unwrap_or(t.input),
        cache_write: t.cache_write.unwrap_or(t.input),
        reasoning: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(input: u32, output: u32) -> Usage {
        Usage { input_tokens: input, output_tokens: output, ..Default::default() }
    }

    #[test]
    fn the_table_is_chosen_by_host_then_by_preset() {
        assert_eq!(table_for("custom", "https://dashscope.aliyuncs.com/compatible-mode/v1").unwrap().preset, "qwen");
        assert!(table_for("qwen", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1").is_none());
        assert_eq!(table_for("zhipu", "").unwrap().preset, "zhipu");
        assert_eq!(table_for("custom", "HTTPS://user@API.SiliconFlow.cn:443/v1").unwrap().preset, "siliconflow");
        assert!(table_for("openai", "https://api.openai.com/v1").is_none());
    }

    #[test]
    fn snapshots_keep_their_family_price_but_other_variants_do_not() {
        let qwen = table_for("qwen", "").unwrap();
        let name = |m: &str| row_for(qwen, m).map(|r| r.model);
        assert_eq!(name("QWEN-PLUS"), Some("qwen-plus"));
        assert_eq!(name("qwen-plus-2025-07-28"), Some("qwen-plus"));
        assert_eq!(name("qwen-max-latest"), Some("qwen-max"));
        assert_eq!(name("qwen-plus-character"), None);
        assert_eq!(name("qwen3-235b-a22b-instruct-2507"), None);
        let zhipu = table_for("zhipu", "").unwrap();
        assert_eq!(row_for(zhipu, "glm-4.5-air").unwrap().model, "glm-4.5-air");
        assert_eq!(row_for(zhipu, "glm-4-air-250414").unwrap().model, "glm-4-air");
        assert!(row_for(zhipu, "glm-4.5-airx").is_none());
        let sf = table_for("siliconflow", "").unwrap();
        assert_eq!(row_for(sf, "Pro/deepseek-ai/DeepSeek-R1").unwrap().model, "deepseek-ai/DeepSeek-R1");
    }

    #[test]
    fn the_last_tier_whose_minimums_are_reached_applies() {
        let zhipu = table_for("zhipu", "").unwrap();
        let glm = row_for(zhipu, "glm-4.5").unwrap();
        // ¥2/¥8 below 32K in and 200 out; ¥3/¥14 from 200 out; ¥4/¥16 from 32K in, whatever the output.
        assert_eq!(tier_for(glm, &usage(10_000, 199)).output, 8_000_000);
        assert_eq!(tier_for(glm, &usage(10_000, 200)).output, 14_000_000);
        assert_eq!(tier_for(glm, &usage(32_000, 10)).output, 16_000_000);
        assert_eq!(tier_for(glm, &usage(40_000, 5_000)).output, 16_000_000);
    }

    #[test]
    fn every_row_cites_its_page_and_date_and_starts_with_an_open_tier() {
        for table in TABLES {
            for row in table.rows {
                assert!(row.source.starts_with("https://"), "{}", row.model);
                assert!(row.as_of.ends_with(" 2025"), "{}", row.model);
                assert_eq!((row.tiers[0].min_input, row.tiers[0].min_output), (0, 0), "{}", row.model);
                assert!(row.tiers.windows(2).all(|w| w[0].min_input <= w[1].min_input), "{}", row.model);
            }
        }
    }
}
