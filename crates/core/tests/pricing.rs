//! What calls cost, one fixture per preset family. Every expected figure is computed by hand from the provider's
//! published price (page cited at the fixture), not read back from the code: rates are per million tokens, so a
//! token at $X/M costs X micro-dollars (µ$) and at ¥X/M X micro-yuan (µ¥).

use serde_json::json;
use switchyard_core::cost::money::{PriceSource, MICROS};
use switchyard_core::cost::pricing::{default_rates, ExchangeRate, PriceOverride, PriceQuery, Pricer};
use switchyard_core::ir::Usage;
use switchyard_core::translate::{anthropic_messages, openai_chat};

/// 2026-01-01T12:00:00Z: inside DeepSeek's standard-price hours (00:30–16:30 UTC).
const NOON_UTC: i64 = 1_767_268_800_000;
const HOUR: i64 = 3_600_000;
/// The default rate: 1 USD = 7.25 CNY, so 1 CNY = 0.137931 USD.
const CNY_RATE: i64 = 137_931;

fn usage(input: u32, cache_read: u32, cache_write: u32, output: u32, reasoning: u32) -> Usage {
    Usage {
        input_tokens: input,
        cache_read_tokens: cache_read,
        cache_write_tokens: cache_write,
        output_tokens: output,
        reasoning_tokens: reasoning,
        estimated: false,
    }
}

fn query<'a>(preset: &'a str, base_url: &'a str, model: &'a str, usage: &'a Usage) -> PriceQuery<'a> {
    PriceQuery { provider_id: "prov-1", preset, base_url, model, usage, at_ms: NOON_UTC }
}

fn pricer() -> Pricer {
    Pricer::new(vec![], default_rates())
}

/// (native micros, currency, usd micros, source)
fn priced(q: &PriceQuery) -> (i64, String, i64, PriceSource) {
    let c = pricer().price(q).unwrap_or_else(|| panic!("{} is unpriced", q.model));
    (c.micros, c.currency, c.usd_micros, c.source)
}

fn usd(micros: i64) -> (i64, String, i64, PriceSource) {
    (micros, "USD".into(), micros, PriceSource::GenaiPrices)
}

fn cny(micros: i64, usd_micros: i64) -> (i64, String, i64, PriceSource) {
    (micros, "CNY".into(), usd_micros, PriceSource::Bundled)
}

// --- OpenAI (https://openai.com/api/pricing/) ---

#[test]
fn openai_gpt_4o_mini() {
    // $0.15/M input, $0.60/M output: 2,000 × 0.15 + 500 × 0.60 = 300 + 300 = 600 µ$.
    let u = usage(2_000, 0, 0, 500, 0);
    assert_eq!(priced(&query("openai", "https://api.openai.com/v1", "gpt-4o-mini", &u)), usd(600));
}

#[test]
fn openai_cached_prompt_tokens_are_billed_once_at_the_cached_rate() {
    // gpt-4o: $2.50/M input, $1.25/M cached input. The wire's prompt_tokens (10,000) include the 8,000 cached:
    // 2,000 × 2.50 + 8,000 × 1.25 = 5,000 + 10,000 = 15,000 µ$.
    let u = openai_chat::usage_from_wire(
        &json!({"prompt_tokens": 10_000, "completion_tokens": 0, "prompt_tokens_details": {"cached_tokens": 8_000}}),
    )
    .unwrap();
    assert_eq!(priced(&query("openai", "", "gpt-4o", &u)), usd(15_000));
}

#[test]
fn openai_o_series_reasoning_is_billed_as_output() {
    // o4-mini: $1.10/M input, $0.275/M cached input, $4.40/M output (reasoning tokens are output tokens).
    // 1,000 prompt (200 cached), 3,000 output of which 2,500 reasoning:
    // 800 × 1.10 + 200 × 0.275 + 3,000 × 4.40 = 880 + 55 + 13,200 = 14,135 µ$.
    let u = openai_chat::usage_from_wire(&json!({"prompt_tokens": 1_000, "completion_tokens": 3_000,
        "prompt_tokens_details": {"cached_tokens": 200}, "completion_tokens_details": {"reasoning_tokens": 2_500}}))
    .unwrap();
    assert_eq!(priced(&query("openai", "", "o4-mini", &u)), usd(14_135));
}

// --- Anthropic (https://docs.claude.com/en/docs/about-claude/pricing) ---

#[test]
fn anthropic_cache_reads_and_writes() {
    // claude-sonnet-4-5 up to 200K prompt tokens: $3/M input, $3.75/M cache write (5 min), $0.30/M cache read,
    // $15/M output. The wire's input_tokens (2,000) exclude the cached ones; we count 10,000 in all:
    // 2,000 × 3 + 6,000 × 0.30 + 2,000 × 3.75 + 1,000 × 15 = 6,000 + 1,800 + 7,500 + 15,000 = 30,300 µ$.
    let u = anthropic_messages::usage_from_wire(&json!({"input_tokens": 2_000, "cache_read_input_tokens": 6_000,
        "cache_creation_input_tokens": 2_000, "output_tokens": 1_000}));
    assert_eq!(u.input_tokens, 10_000);
    assert_eq!(priced(&query("anthropic", "https://api.anthropic.com/v1", "claude-sonnet-4-5", &u)), usd(30_300));
}

#[test]
fn anthropic_long_context_tier_above_200k_prompt_tokens() {
    // claude-sonnet-4-5 over 200K prompt tokens (cached ones count): $6/M input, $0.60/M cache read,
    // $22.50/M output. 250,000 prompt (50,000 read), 2,000 output:
    // 200,000 × 6 + 50,000 × 0.60 + 2,000 × 22.50 = 1,200,000 + 30,000 + 45,000 = 1,275,000 µ$.
    let u = usage(250_000, 50_000, 0, 2_000, 0);
    assert_eq!(priced(&query("anthropic", "", "claude-sonnet-4-5", &u)), usd(1_275_000));
    // At 200,000 exactly the base tier holds: 150,000 × 3 + 50,000 × 0.30 + 2,000 × 15 = 450,000 + 15,000
    // + 30,000 = 495,000 µ$.
    let edge = usage(200_000, 50_000, 0, 2_000, 0);
    assert_eq!(priced(&query("anthropic", "", "claude-sonnet-4-5", &edge)), usd(495_000));
}

#[test]
fn a_custom_preset_is_matched_by_its_base_url() {
    // claude-haiku-4-5: $1/M input, $5/M output: 1,000 × 1 + 1,000 × 5 = 6,000 µ$.
    let u = usage(1_000, 0, 0, 1_000, 0);
    assert_eq!(priced(&query("custom_anthropic", "https://api.anthropic.com/v1", "claude-haiku-4-5", &u)), usd(6_000));
    // A custom server nobody publishes prices for (it may be a proxy that bills differently): unpriced.
    assert_eq!(pricer().price(&query("custom", "http://127.0.0.1:8080/v1", "gpt-4o", &u)), None);
}

// --- DeepSeek (https://api-docs.deepseek.com/quick_start/pricing, standard and off-peak prices) ---

fn deepseek_chat_usage() -> Usage {
    openai_chat::usage_from_wire(&json!({"prompt_tokens": 10_000, "completion_tokens": 1_000,
        "prompt_cache_hit_tokens": 4_000, "prompt_cache_miss_tokens": 6_000}))
    .unwrap()
}

#[test]
fn deepseek_standard_hours_and_off_peak() {
    let u = deepseek_chat_usage();
    let at = |at_ms| PriceQuery { at_ms, ..query("deepseek", "https://api.deepseek.com/v1", "deepseek-chat", &u) };
    // Standard (00:30–16:30 UTC): $0.27/M cache miss, $0.07/M cache hit, $1.10/M output:
    // 6,000 × 0.27 + 4,000 × 0.07 + 1,000 × 1.10 = 1,620 + 280 + 1,100 = 3,000 µ$.
    assert_eq!(priced(&at(NOON_UTC)), usd(3_000));
    // Off-peak (16:30–00:30 UTC), half price: 6,000 × 0.135 + 4,000 × 0.035 + 1,000 × 0.55 = 810 + 140 + 550
    // = 1,500 µ$.
    assert_eq!(priced(&at(NOON_UTC + 6 * HOUR)), usd(1_500));
    assert_eq!(priced(&at(NOON_UTC + 4 * HOUR + 30 * 60_000 - 1)), usd(3_000), "16:29:59.999");
    assert_eq!(priced(&at(NOON_UTC + 4 * HOUR + 30 * 60_000)), usd(1_500), "16:30");
}

#[test]
fn deepseek_reasoner_reasoning_is_billed_as_output() {
    // deepseek-reasoner, standard hours: $0.55/M cache miss, $2.19/M output (chain of thought included).
    // 2,000 prompt, 5,000 output of which 4,000 reasoning: 2,000 × 0.55 + 5,000 × 2.19 = 1,100 + 10,950 = 12,050 µ$.
    let u = usage(2_000, 0, 0, 5_000, 4_000);
    assert_eq!(priced(&query("deepseek", "", "deepseek-reasoner", &u)), usd(12_050));
}

// --- Moonshot (https://platform.moonshot.ai/docs/pricing/chat: the international USD prices genai-prices bundles;
//     api.moonshot.cn bills the same models in CNY), OpenRouter (https://openrouter.ai/openai/gpt-4o-mini) ---

#[test]
fn moonshot_top_level_cached_tokens_are_billed_at_the_cache_hit_rate() {
    // kimi-k2-0905-preview: $0.60/M input, $0.15/M cache hit, $2.50/M output. 1,336 prompt (1,280 cached), 31 out:
    // 56 × 0.60 + 1,280 × 0.15 + 31 × 2.50 = 33.6 + 192 + 77.5 = 303.1 → 303 µ$.
    let u = openai_chat::usage_from_wire(&json!({"prompt_tokens": 1_336, "completion_tokens": 31,
        "total_tokens": 1_367, "cached_tokens": 1_280}))
    .unwrap();
    assert_eq!(priced(&query("moonshot", "https://api.moonshot.cn/v1", "kimi-k2-0905-preview", &u)), usd(303));
}

#[test]
fn openrouter_prices_its_own_model_names() {
    // openai/gpt-4o-mini on OpenRouter: $0.15/M input, $0.60/M output: 4,000 × 0.15 + 1,000 × 0.60 = 600 + 600
    // = 1,200 µ$.
    let u = usage(4_000, 0, 0, 1_000, 0);
    assert_eq!(priced(&query("openrouter", "https://openrouter.ai/api/v1", "openai/gpt-4o-mini", &u)), usd(1_200));
}

// --- Qwen / DashScope, CNY (https://help.aliyun.com/zh/model-studio/models; cache:
//     https://help.aliyun.com/zh/model-studio/user-guide/context-cache) ---

const DASHSCOPE: &str = "https://dashscope.aliyuncs.com/compatible-mode/v1";

#[test]
fn qwen_plus_input_length_tiers_and_thinking_output() {
    // qwen-plus, up to 128K prompt tokens: ¥0.8/M input, ¥2/M output (¥8/M in thinking mode).
    // 100,000 in, 1,000 out: 100,000 × 0.8 + 1,000 × 2 = 80,000 + 2,000 = 82,000 µ¥;
    // in USD 82,000 × 0.137931 = 11,310.3 → 11,310 µ$.
    let base = usage(100_000, 0, 0, 1_000, 0);
    assert_eq!(priced(&query("qwen", DASHSCOPE, "qwen-plus", &base)), cny(82_000, 11_310));
    // 128K–256K: ¥2.4/M input, ¥20/M output (¥24/M thinking). 150,000 in, 1,000 out:
    // 150,000 × 2.4 + 1,000 × 20 = 360,000 + 20,000 = 380,000 µ¥; 380,000 × 0.137931 = 52,413.8 → 52,414 µ$.
    let long = usage(150_000, 0, 0, 1_000, 0);
    assert_eq!(priced(&query("qwen", DASHSCOPE, "qwen-plus", &long)), cny(380_000, 52_414));
    // The same call in thinking mode (600 of the 1,000 output tokens reasoning): all output at ¥24/M:
    // 360,000 + 1,000 × 24 = 384,000 µ¥; 384,000 × 0.137931 = 52,965.5 → 52,966 µ$.
    let thinking = usage(150_000, 0, 0, 1_000, 600);
    assert_eq!(priced(&query("qwen", DASHSCOPE, "qwen-plus-2025-07-28", &thinking)), cny(384_000, 52_966));
}

#[test]
fn qwen_implicit_cache_hits_cost_a_fifth_of_input() {
    // qwen-max: ¥2.4/M input, ¥9.6/M output; an implicit cache hit is billed at 20% of input (¥0.48/M).
    // 10,000 prompt (4,000 cached), 500 out: 6,000 × 2.4 + 4,000 × 0.48 + 500 × 9.6 = 14,400 + 1,920 + 4,800
    // = 21,120 µ¥; 21,120 × 0.137931 = 2,913.1 → 2,913 µ$.
    let u = openai_chat::usage_from_wire(&json!({"prompt_tokens": 10_000, "completion_tokens": 500,
        "prompt_tokens_details": {"cached_tokens": 4_000}}))
    .unwrap();
    assert_eq!(priced(&query("qwen", DASHSCOPE, "qwen-max", &u)), cny(21_120, 2_913));
}

// --- Zhipu, CNY (https://open.bigmodel.cn/pricing) ---

#[test]
fn zhipu_stays_in_cny_and_converts_at_the_default_rate() {
    // glm-4-plus: ¥5/M input and output. 10,000 in, 2,000 out: 12,000 × 5 = 60,000 µ¥ (¥0.06);
    // 60,000 × 0.137931 = 8,275.86 → 8,276 µ$.
    let u = usage(10_000, 0, 0, 2_000, 0);
    let c = pricer().price(&query("zhipu", "https://open.bigmodel.cn/api/paas/v4", "glm-4-plus", &u)).unwrap();
    assert_eq!((c.micros, c.currency.as_str(), c.usd_micros, c.usd_per_unit_micros), (60_000, "CNY", 8_276, CNY_RATE));
    // A user's own rate, ¥1 = $0.14: 60,000 × 0.14 = 8,400 µ$.
    let own = Pricer::new(vec![], vec![ExchangeRate { currency: "CNY".into(), usd_per_unit_micros: 140_000 }]);
    let c = own.price(&query("zhipu", "", "glm-4-plus", &u)).unwrap();
    assert_eq!((c.micros, c.usd_micros, c.usd_per_unit_micros), (60_000, 8_400, 140_000));
    // With no CNY rate at all the dollar value is unknown: unpriced, not 0.
    assert_eq!(Pricer::new(vec![], vec![]).price(&query("zhipu", "", "glm-4-plus", &u)), None);
}

#[test]
fn zhipu_glm_4_5_prices_short_answers_lower() {
    // glm-4.5, under 32K prompt tokens: ¥2/M input, ¥8/M output for answers under 200 tokens; ¥3/¥14 from 200.
    // 10,000 in, 100 out: 10,000 × 2 + 100 × 8 = 20,000 + 800 = 20,800 µ¥ → 20,800 × 0.137931 = 2,869 µ$.
    let short = usage(10_000, 0, 0, 100, 0);
    assert_eq!(priced(&query("zhipu", "", "glm-4.5", &short)), cny(20_800, 2_869));
    // 10,000 in, 300 out: 10,000 × 3 + 300 × 14 = 30,000 + 4,200 = 34,200 µ¥ → 4,717.2 → 4,717 µ$.
    let long = usage(10_000, 0, 0, 300, 0);
    assert_eq!(priced(&query("zhipu", "", "glm-4.5", &long)), cny(34_200, 4_717));
}

#[test]
fn zhipu_models_outside_our_table_fall_back_to_genai_prices_in_usd() {
    // GLM-5 is not in our table; genai-prices bundles it at $0.552/M input, $2.483/M output (its conversion of
    // Zhipu's CNY price). 1,000,000 in, 0 out: 552,000 µ$.
    let u = usage(1_000_000, 0, 0, 0, 0);
    assert_eq!(priced(&query("zhipu", "https://open.bigmodel.cn/api/paas/v4", "glm-5", &u)), usd(552_000));
}

// --- SiliconFlow, CNY (https://siliconflow.cn/pricing) ---

#[test]
fn siliconflow_deepseek_v3_and_its_pro_twin() {
    // deepseek-ai/DeepSeek-V3: ¥2/M input, ¥8/M output. 5,000 in, 1,000 out: 10,000 + 8,000 = 18,000 µ¥;
    // 18,000 × 0.137931 = 2,482.8 → 2,483 µ$.
    let u = usage(5_000, 0, 0, 1_000, 0);
    let sf = "https://api.siliconflow.cn/v1";
    assert_eq!(priced(&query("siliconflow", sf, "deepseek-ai/DeepSeek-V3", &u)), cny(18_000, 2_483));
    assert_eq!(priced(&query("siliconflow", sf, "Pro/deepseek-ai/DeepSeek-V3", &u)), cny(18_000, 2_483));
    // Qwen/Qwen2.5-72B-Instruct: ¥4.13/M input and output: 6,000 × 4.13 = 24,780 µ¥ → 3,417.9 → 3,418 µ$.
    assert_eq!(priced(&query("siliconflow", sf, "Qwen/Qwen2.5-72B-Instruct", &u)), cny(24_780, 3_418));
}

// --- Local, unknown, overrides ---

#[test]
fn local_models_are_free_and_unknown_models_unpriced() {
    let u = usage(5_000, 0, 0, 1_000, 0);
    let free = pricer().price(&query("ollama", "http://127.0.0.1:11434/v1", "llama3.2", &u)).unwrap();
    assert_eq!((free.micros, free.usd_micros, free.source), (0, 0, PriceSource::Local));
    assert_eq!(pricer().price(&query("lmstudio", "", "anything", &u)).unwrap().source, PriceSource::Local);
    assert_eq!(pricer().price(&query("openai", "", "gpt-unknown-9", &u)), None);
    assert_eq!(pricer().price(&query("qwen", DASHSCOPE, "qwen-unknown", &u)), None);
    assert_eq!(pricer().estimate_max(&query("openai", "", "gpt-unknown-9", &u)), None);
}

fn override_for(provider_id: &str, model: &str, currency: &str) -> PriceOverride {
    PriceOverride {
        provider_id: provider_id.into(),
        model: model.into(),
        currency: currency.into(),
        input_micros: MICROS,
        output_micros: 2 * MICROS,
        cache_read_micros: None,
        cache_write_micros: None,
        reasoning_micros: None,
    }
}

#[test]
fn an_override_wins_over_every_bundled_price() {
    // gpt-4o overridden to $1/M input, $2/M output: 1,000 × 1 + 500 × 2 = 2,000 µ$
    // (genai-prices would say 1,000 × 2.50 + 500 × 10 = 7,500 µ$).
    let u = usage(1_000, 0, 0, 500, 0);
    let pricer = Pricer::new(vec![override_for("prov-1", "gpt-4o", "USD")], default_rates());
    let c = pricer.price(&query("openai", "", "gpt-4o", &u)).unwrap();
    assert_eq!((c.micros, c.usd_micros, c.source), (2_000, 2_000, PriceSource::Override));
    // Also over a local model's 0 and over our own table.
    let local = Pricer::new(vec![override_for("prov-1", "llama3.2", "USD")], default_rates());
    assert_eq!(local.price(&query("ollama", "", "llama3.2", &u)).unwrap().micros, 2_000);
    let qwen = Pricer::new(vec![override_for("prov-1", "qwen-max", "CNY")], default_rates());
    let c = qwen.price(&query("qwen", DASHSCOPE, "qwen-max", &u)).unwrap();
    // ¥1/¥2: 2,000 µ¥ → 2,000 × 0.137931 = 275.9 → 276 µ$.
    assert_eq!((c.micros, c.currency.as_str(), c.usd_micros), (2_000, "CNY", 276));
}

#[test]
fn an_override_bills_reasoning_at_its_own_rate_and_cache_at_input_when_unset() {
    // ¥1/M input, ¥2/M output, ¥3/M reasoning, no cache prices. 1,000 prompt (400 cached), 500 output of which
    // 300 reasoning: 600 × 1 + 400 × 1 + 200 × 2 + 300 × 3 = 600 + 400 + 400 + 900 = 2,300 µ¥;
    // 2,300 × 0.137931 = 317.2 → 317 µ$.
    let o = PriceOverride { reasoning_micros: Some(3 * MICROS), ..override_for("prov-1", "my-model", "CNY") };
    let u = usage(1_000, 400, 0, 500, 300);
    let c = Pricer::new(vec![o], default_rates()).price(&query("custom", "", "my-model", &u)).unwrap();
    assert_eq!((c.micros, c.currency.as_str(), c.usd_micros), (2_300, "CNY", 317));
}

#[test]
fn an_override_in_a_currency_without_a_rate_is_unpriced_until_a_rate_is_set() {
    // €1/M input, €2/M output: 1,000 × 1 + 500 × 2 = 2,000 µ€; at $1.08/€: 2,160 µ$.
    let u = usage(1_000, 0, 0, 500, 0);
    let eur = override_for("prov-1", "m", "EUR");
    assert_eq!(Pricer::new(vec![eur.clone()], default_rates()).price(&query("custom", "", "m", &u)), None);
    let rates = vec![ExchangeRate { currency: "EUR".into(), usd_per_unit_micros: 1_080_000 }];
    let c = Pricer::new(vec![eur], rates).price(&query("custom", "", "m", &u)).unwrap();
    assert_eq!((c.micros, c.currency.as_str(), c.usd_micros, c.usd_per_unit_micros), (2_000, "EUR", 2_160, 1_080_000));
}

// --- The most a call can cost (budget reservations) ---

#[test]
fn estimate_max_takes_the_standard_rate_even_in_off_peak_hours() {
    // At 18:00 UTC the call itself would cost 1,500 µ$ (off-peak), but it may run into standard hours' 3,000 µ$.
    let u = deepseek_chat_usage();
    let q = PriceQuery { at_ms: NOON_UTC + 6 * HOUR, ..query("deepseek", "", "deepseek-chat", &u) };
    assert_eq!(pricer().price(&q).unwrap().usd_micros, 1_500);
    assert_eq!(pricer().estimate_max(&q).unwrap().usd_micros, 3_000);
}

#[test]
fn estimate_max_takes_the_tier_and_the_thinking_rate_that_could_apply() {
    // qwen-plus, 100,000 in, up to 1,000 out: the call may think, so ¥8/M output: 80,000 + 8,000 = 88,000 µ¥.
    let q = usage(100_000, 0, 0, 1_000, 0);
    assert_eq!(pricer().estimate_max(&query("qwen", DASHSCOPE, "qwen-plus", &q)).unwrap().micros, 88_000);
    // glm-4.5, 10,000 in, up to 4,096 out: an answer that long is in the ¥3/¥14 tier:
    // 10,000 × 3 + 4,096 × 14 = 30,000 + 57,344 = 87,344 µ¥.
    let g = usage(10_000, 0, 0, 4_096, 0);
    assert_eq!(pricer().estimate_max(&query("zhipu", "", "glm-4.5", &g)).unwrap().micros, 87_344);
    // claude-sonnet-4-5 with a 250,000-token prompt estimate and up to 2,000 out: the long-context tier,
    // 250,000 × 6 + 2,000 × 22.50 = 1,500,000 + 45,000 = 1,545,000 µ$.
    let a = usage(250_000, 0, 0, 2_000, 0);
    assert_eq!(pricer().estimate_max(&query("anthropic", "", "claude-sonnet-4-5", &a)).unwrap().usd_micros, 1_545_000);
}

#[test]
fn estimate_max_bills_all_output_at_an_overrides_dearer_reasoning_rate() {
    // $1/M input, $2/M output, $3/M reasoning; 1,000 in, up to 500 out, all of which may be reasoning:
    // 1,000 × 1 + 500 × 3 = 2,500 µ$.
    let o = PriceOverride { reasoning_micros: Some(3 * MICROS), ..override_for("prov-1", "m", "USD") };
    let u = usage(1_000, 0, 0, 500, 0);
    assert_eq!(Pricer::new(vec![o], vec![]).estimate_max(&query("custom", "", "m", &u)).unwrap().micros, 2_500);
    // Local stays free.
    assert_eq!(pricer().estimate_max(&query("ollama", "", "llama3.2", &u)).unwrap().micros, 0);
}
