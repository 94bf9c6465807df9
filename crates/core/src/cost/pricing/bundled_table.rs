//! Switchyard's own prices, for providers genai-prices does not cover (Qwen/DashScope, SiliconFlow) and for
//! Zhipu's open.bigmodel.cn, which bills in CNY: those stay in CNY rather than in genai-prices' USD conversion.
//!
//! Written in December 2026 without access to the pages: each figure is the one the cited page published as of
//! the month in `as_of`, as remembered. Prices change; a user who sees a different figure on the page should set an
//! override (it wins over this table), and the table should be re-read when it is next edited.
//!
//! Amounts are written in thousandths of a yuan per million tokens (`2_400` = ¥2.4 per million tokens).
//! "K" in the Chinese providers' tier tables: Alibaba quotes qwen-plus' 131,072-token window as 128K, so its tier
//! edges are read as multiples of 1,024; Zhipu's as multiples of 1,000. A call within a few percent of an edge may
//! be priced in the neighbouring tier.

pub(super) struct Table {
    /// Base-URL hosts the table prices.
    pub hosts: &'static [&'static str],
    /// The preset whose calls it prices when a query has no base URL.
    pub preset: &'static str,
    pub currency: &'static str,
    /// Model-name prefixes that price as the name without them (SiliconFlow's `Pro/` runs on paid balance only).
    pub strip_prefixes: &'static [&'static str],
    pub rows: &'static [Row],
}

pub(super) struct Row {
    pub model: &'static str,
    pub source: &'static str,
    pub as_of: &'static str,
    /// In order; the last one whose minimums the call reaches applies. The first has no minimums.
    pub tiers: &'static [Tier],
}

/// Micro-units per million tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Tier {
    /// Prompt tokens (cached ones included) from which the tier applies.
    pub min_input: u32,
    /// Output tokens from which the tier applies (Zhipu prices very short answers lower).
    pub min_output: u32,
    pub input: i64,
    pub output: i64,
    /// Qwen's thinking mode bills all output at a higher rate; a call that reports reasoning tokens ran in it.
    pub thinking_output: Option<i64>,
    /// None: priced as input.
    pub cache_read: Option<i64>,
    pub cache_write: Option<i64>,
}

const fn tier(input: i64, output: i64) -> Tier {
    Tier {
        min_input: 0,
        min_output: 0,
        input: input * 1_000,
        output: output * 1_000,
        thinking_output: None,
        cache_read: None,
        cache_write: None,
    }
}

impl Tier {
    const fn when_input_reaches(self, tokens: u32) -> Tier {
        Tier { min_input: tokens, ..self }
    }
    const fn when_output_reaches(self, tokens: u32) -> Tier {
        Tier { min_output: tokens, ..self }
    }
    const fn thinking(self, output: i64) -> Tier {
        Tier { thinking_output: Some(output * 1_000), ..self }
    }
    const fn cache_read(self, price: i64) -> Tier {
        Tier { cache_read: Some(price * 1_000), ..self }
    }
    /// DashScope: an implicit cache hit costs 20% of input; creating an explicit cache entry 125%.
    const fn dashscope_cache(self) -> Tier {
        Tier { cache_read: Some(self.input / 5), cache_write: Some(self.input * 5 / 4), ..self }
    }
}

const KI: u32 = 1_024;
const K: u32 = 1_000;

const QWEN: &str = "https://help.aliyun.com/zh/model-studio/models";
const ZHIPU: &str = "https://open.bigmodel.cn/pricing";
const SILICONFLOW: &str = "https://siliconflow.cn/pricing";

const fn row(model: &'static str, source: &'static str, as_of: &'static str, tiers: &'static [Tier]) -> Row {
    Row { model, source, as_of, tiers }
}

/// DashScope, mainland (Beijing) region, CNY. The international endpoint (dashscope-intl) bills other USD prices
/// and is not priced here.
const QWEN_ROWS: &[Row] = &[
    row("qwen-max", QWEN, "July 2025", &[tier(2_400, 9_600).dashscope_cache()]),
    row(
        "qwen-plus",
        QWEN,
        "July 2025",
        &[
            tier(800, 2_000).thinking(8_000).dashscope_cache(),
            tier(2_400, 20_000).thinking(24_000).dashscope_cache().when_input_reaches(128 * KI + 1),
            tier(4_800, 48_000).thinking(64_000).dashscope_cache().when_input_reaches(256 * KI + 1),
        ],
    ),
    row("qwen-turbo", QWEN, "July 2025", &[tier(300, 600).thinking(3_000).dashscope_cache()]),
    row(
        "qwen-flash",
        QWEN,
        "July 2025",
        &[
            tier(150, 1_500).dashscope_cache(),
            tier(600, 6_000).dashscope_cache().when_input_reaches(128 * KI + 1),
            tier(1_200, 12_000).dashscope_cache().when_input_reaches(256 * KI + 1),
        ],
    ),
    row("qwen-long", QWEN, "July 2025", &[tier(500, 2_000)]),
    row(
        "qwen3-max",
        QWEN,
        "September 2025",
        &[
            tier(6_000, 24_000).dashscope_cache(),
            tier(10_000, 40_000).dashscope_cache().when_input_reaches(32 * KI + 1),
            tier(15_000, 60_000).dashscope_cache().when_input_reaches(128 * KI + 1),
        ],
    ),
    row(
        "qwen3-coder-plus",
        QWEN,
        "July 2025",
        &[
            tier(4_000, 16_000).dashscope_cache(),
            tier(6_000, 24_000).dashscope_cache().when_input_reaches(32 * KI + 1),
            tier(10_000, 40_000).dashscope_cache().when_input_reaches(128 * KI + 1),
            tier(20_000, 200_000).dashscope_cache().when_input_reaches(256 * KI + 1),
        ],
    ),
    row("qwen3-235b-a22b", QWEN, "July 2025", &[tier(2_000, 8_000).thinking(20_000)]),
    row("qwen3-32b", QWEN, "July 2025", &[tier(2_000, 8_000).thinking(20_000)]),
    row("qwen3-30b-a3b", QWEN, "July 2025", &[tier(750, 3_000).thinking(7_500)]),
    row("qwen3-14b", QWEN, "July 2025", &[tier(1_000, 4_000).thinking(10_000)]),
    row("qwen3-8b", QWEN, "July 2025", &[tier(500, 2_000).thinking(5_000)]),
];

/// open.bigmodel.cn, CNY. The GLM-4 models bill input and output alike; a cache hit costs half.
const ZHIPU_ROWS: &[Row] = &[
    row("glm-4-plus", ZHIPU, "July 2025", &[tier(5_000, 5_000).cache_read(2_500)]),
    row("glm-4-air", ZHIPU, "July 2025", &[tier(500, 500).cache_read(250)]),
    row("glm-4-airx", ZHIPU, "July 2025", &[tier(10_000, 10_000)]),
    row("glm-4-long", ZHIPU, "July 2025", &[tier(1_000, 1_000).cache_read(500)]),
    row("glm-4-flashx", ZHIPU, "July 2025", &[tier(100, 100).cache_read(50)]),
    row("glm-4-flash", ZHIPU, "July 2025", &[tier(0, 0)]),
    row(
        "glm-4.5",
        ZHIPU,
        "July 2025",
        &[
            tier(2_000, 8_000).cache_read(400),
            tier(3_000, 14_000).cache_read(600).when_output_reaches(200),
            tier(4_000, 16_000).cache_read(800).when_input_reaches(32 * K),
        ],
    ),
    row(
        "glm-4.5-air",
        ZHIPU,
        "July 2025",
        &[
            tier(800, 2_000).cache_read(160),
            tier(800, 6_000).cache_read(160).when_output_reaches(200),
            tier(1_200, 8_000).cache_read(240).when_input_reaches(32 * K),
        ],
    ),
    row("glm-4.5-flash", ZHIPU, "July 2025", &[tier(0, 0)]),
];

/// siliconflow.cn, CNY. No separate cache price.
const SILICONFLOW_ROWS: &[Row] = &[
    row("deepseek-ai/DeepSeek-V3", SILICONFLOW, "July 2025", &[tier(2_000, 8_000)]),
    row("deepseek-ai/DeepSeek-R1", SILICONFLOW, "July 2025", &[tier(4_000, 16_000)]),
    row("Qwen/Qwen3-235B-A22B", SILICONFLOW, "July 2025", &[tier(2_500, 10_000)]),
    row("Qwen/Qwen3-32B", SILICONFLOW, "July 2025", &[tier(1_000, 4_000)]),
    row("Qwen/Qwen3-30B-A3B", SILICONFLOW, "July 2025", &[tier(700, 2_800)]),
    row("Qwen/Qwen3-8B", SILICONFLOW, "July 2025", &[tier(0, 0)]),
    row("Qwen/QwQ-32B", SILICONFLOW, "July 2025", &[tier(1_000, 4_000)]),
    row("Qwen/Qwen2.5-72B-Instruct", SILICONFLOW, "July 2025", &[tier(4_130, 4_130)]),
    row("Qwen/Qwen2.5-32B-Instruct", SILICONFLOW, "July 2025", &[tier(1_260, 1_260)]),
    row("Qwen/Qwen2.5-14B-Instruct", SILICONFLOW, "July 2025", &[tier(700, 700)]),
    row("Qwen/Qwen2.5-7B-Instruct", SILICONFLOW, "July 2025", &[tier(0, 0)]),
];

pub(super) const TABLES: &[Table] = &[
    Table { hosts: &["dashscope.aliyuncs.com"], preset: "qwen", currency: "CNY", strip_prefixes: &[], rows: QWEN_ROWS },
    Table { hosts: &["open.bigmodel.cn"], preset: "zhipu", currency: "CNY", strip_prefixes: &[], rows: ZHIPU_ROWS },
    Table {
        hosts: &["api.siliconflow.cn"],
        preset: "siliconflow",
        currency: "CNY",
        strip_prefixes: &["Pro/"],
        rows: SILICONFLOW_ROWS,
    },
];
