//! The most a model can write in one answer (output tokens), for the models whose limit is published and stable.
//! genai-prices carries prices and context windows but not output limits, so this list is kept here. A model not
//! listed has no known limit, and its `max_tokens` is sent as the caller gave it.

/// Model name prefixes and their output limit. The longest matching prefix wins, so dated and suffixed names
/// (`claude-sonnet-4-5-20250929`, `gpt-4o-mini-2024-07-18`) find their family.
const MAX_OUTPUT: &[(&str, u32)] = &[
    ("claude-opus-4-5", 64_000),
    ("claude-opus-4-1", 32_000),
    ("claude-opus-4", 32_000),
    ("claude-sonnet-4-5", 64_000),
    ("claude-sonnet-4", 64_000),
    ("claude-haiku-4-5", 64_000),
    ("claude-3-7-sonnet", 64_000),
    ("claude-3-5-sonnet", 8_192),
    ("claude-3-5-haiku", 8_192),
    ("claude-3-opus", 4_096),
    ("claude-3-haiku", 4_096),
    ("gpt-4o", 16_384),
    ("gpt-4o-mini", 16_384),
    ("gpt-4.1", 32_768),
    ("gpt-4-turbo", 4_096),
    ("gpt-3.5-turbo", 4_096),
    ("gpt-5", 128_000),
    ("o1", 100_000),
    ("o1-mini", 65_536),
    ("o3", 100_000),
    ("o4-mini", 100_000),
    ("deepseek-chat", 8_192),
    ("deepseek-reasoner", 65_536),
];

/// The output limit of `model`, if known. A provider prefix (`anthropic/claude-sonnet-4`, OpenRouter style) is
/// looked through.
pub fn max_output_tokens(model: &str) -> Option<u32> {
    let name = model.rsplit('/').next().unwrap_or(model).to_ascii_lowercase();
    MAX_OUTPUT
        .iter()
        .filter(|(prefix, _)| {
            name.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with(['-', '@', ':']))
        })
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(_, limit)| *limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_dated_names_and_provider_prefixes_find_their_limit() {
        assert_eq!(max_output_tokens("claude-sonnet-4-5-20250929"), Some(64_000));
        assert_eq!(max_output_tokens("claude-3-5-haiku-latest"), Some(8_192));
        assert_eq!(max_output_tokens("gpt-4o-mini-2024-07-18"), Some(16_384));
        assert_eq!(max_output_tokens("gpt-4o"), Some(16_384));
        assert_eq!(max_output_tokens("o1-mini"), Some(65_536), "the longest prefix wins");
        assert_eq!(max_output_tokens("anthropic/claude-opus-4-1"), Some(32_000));
        assert_eq!(max_output_tokens("DeepSeek-Chat"), Some(8_192));
        assert_eq!(max_output_tokens("gpt-4o2"), None, "a prefix must end at a separator");
        assert_eq!(max_output_tokens("my-local-llama"), None);
    }
}
