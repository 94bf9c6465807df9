//! Known OpenAI-compatible providers: where they live, whether they need a key, and a starter model list.

use serde::Serialize;

pub use crate::ir::Wire;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Preset {
    pub id: &'static str,
    pub name: &'static str,
    /// Empty for `custom`: the user supplies it.
    pub base_url: &'static str,
    pub needs_key: bool,
    pub wire: Wire,
    pub models: &'static [&'static str],
}

pub const CUSTOM: &str = "custom";
pub const CUSTOM_ANTHROPIC: &str = "custom_anthropic";
pub const CUSTOM_GEMINI: &str = "custom_gemini";

pub const PRESETS: &[Preset] = &[
    Preset {
        id: "openai",
        name: "OpenAI",
        base_url: "https://api.openai.com/v1",
        needs_key: true,
        wire: Wire::OpenAi,
        models: &["gpt-4o-mini", "gpt-4o", "gpt-4.1", "o4-mini"],
    },
    Preset {
        id: "deepseek",
        name: "DeepSeek",
        base_url: "https://api.deepseek.com/v1",
        needs_key: true,
        wire: Wire::OpenAi,
        models: &["deepseek-chat", "deepseek-reasoner"],
    },
    Preset {
        id: "qwen",
        name: "Qwen (DashScope)",
        base_url: "https://dashscope.aliyuncs.com/compatible-mode/v1",
        needs_key: true,
        wire: Wire::OpenAi,
        models: &["qwen-plus", "qwen-max", "qwen-turbo"],
    },
    Preset {
        id: "zhipu",
        name: "Zhipu GLM",
        base_url: "https://open.bigmodel.cn/api/paas/v4",
        needs_key: true,
        wire: Wire::OpenAi,
        models: &["glm-4-plus", "glm-4-flash"],
    },
    Preset {
        id: "siliconflow",
        name: "SiliconFlow",
        base_url: "https://api.siliconflow.cn/v1",
        needs_key: true,
        wire: Wire::OpenAi,
        models: &["deepseek-ai/DeepSeek-V3", "Qwen/Qwen2.5-72B-Instruct"],
    },
    Preset {
        id: "moonshot",
        name: "Moonshot (Kimi)",
        base_url: "https://api.moonshot.cn/v1",
        needs_key: true,
        wire: Wire::OpenAi,
        models: &["moonshot-v1-8k", "kimi-k2-0905-preview"],
    },
    Preset {
        id: "openrouter",
        name: "OpenRouter",
        base_url: "https://openrouter.ai/api/v1",
        needs_key: true,
        wire: Wire::OpenAi,
        models: &["openai/gpt-4o-mini", "anthropic/claude-sonnet-4"],
    },
    Preset {
        id: "anthropic",
        name: "Anthropic",
        base_url: "https://api.anthropic.com/v1",
        needs_key: true,
        wire: Wire::Anthropic,
        models: &["claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1"],
    },
    Preset {
        id: "gemini",
        name: "Google Gemini",
        base_url: "https://generativelanguage.googleapis.com/v1beta",
        needs_key: true,
        wire: Wire::Gemini,
        models: &["gemini-2.5-flash", "gemini-2.5-pro", "gemini-2.5-flash-lite"],
    },
    Preset {
        id: "ollama",
        name: "Ollama",
        base_url: "http://127.0.0.1:11434/v1",
        needs_key: false,
        wire: Wire::OpenAi,
        models: &["llama3.2", "qwen2.5"],
    },
    Preset {
        id: "lmstudio",
        name: "LM Studio",
        base_url: "http://127.0.0.1:1234/v1",
        needs_key: false,
        wire: Wire::OpenAi,
        models: &[],
    },
    Preset {
        id: CUSTOM,
        name: "Custom (OpenAI-compatible)",
        base_url: "",
        needs_key: false,
        wire: Wire::OpenAi,
        models: &[],
    },
    Preset {
        id: CUSTOM_ANTHROPIC,
        name: "Custom (Anthropic-compatible)",
        base_url: "",
        needs_key: false,
        wire: Wire::Anthropic,
        models: &[],
    },
    Preset {
        id: CUSTOM_GEMINI,
        name: "Custom (Gemini-compatible)",
        base_url: "",
        needs_key: false,
        wire: Wire::Gemini,
        models: &[],
    },
];

pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_but_custom_has_an_http_base_url_and_unique_id() {
        let mut ids = std::collections::HashSet::new();
        for p in PRESETS {
            assert!(ids.insert(p.id), "duplicate preset {}", p.id);
            if ![CUSTOM, CUSTOM_ANTHROPIC, CUSTOM_GEMINI].contains(&p.id) {
                assert!(p.base_url.starts_with("http"), "{} has no base url", p.id);
                assert!(!p.base_url.ends_with('/'), "{} base url ends with /", p.id);
            }
        }
        assert!(!find("ollama").unwrap().needs_key);
        assert!(find("deepseek").unwrap().needs_key);
        assert_eq!(find("anthropic").unwrap().wire, Wire::Anthropic);
        assert_eq!(find(CUSTOM_ANTHROPIC).unwrap().wire, Wire::Anthropic);
        assert_eq!(find("gemini").unwrap().wire, Wire::Gemini);
        assert_eq!(find(CUSTOM_GEMINI).unwrap().wire, Wire::Gemini);
    }
}
