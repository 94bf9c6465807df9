//! Removes secrets from text before it is logged or shown: first the exact values of the keys this process holds
//! (registered with [`hold`] when a key is read or saved), then anything key-shaped.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::{LazyLock, RwLock};

use regex::Regex;

const REDACTED: &str = "[REDACTED]";

/// `sk-` (OpenAI, DeepSeek, Moonshot, SiliconFlow, DashScope), `sk-proj-`, `sk-ant-api03-`, `sk-or-v1-`, ….
static PREFIXED_KEY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(sk|pk|rk|ak|key)-[A-Za-z0-9_\-]{6,}").unwrap());
/// Zhipu GLM: `<32 hex id>.<secret>`. Both halves go: the id alone would be caught below, leaving the secret.
static ZHIPU_KEY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b[0-9A-Fa-f]{32}\.[A-Za-z0-9_\-]{6,}").unwrap());
/// Google (Gemini): `AIza` and 35 more.
static GOOGLE_KEY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"AIza[0-9A-Za-z_\-]{30,}").unwrap());
static BEARER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._\-~+/=]{6,}").unwrap());
static NAMED_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)((?:api[_-]?key|x-api-key|authorization|secret|password|token)\\?"?\s*[:=]\s*\\?"?)[^"\\\s,}]{4,}"#,
    )
    .unwrap()
});
static LONG_TOKEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[A-Za-z0-9_\-]{32,}").unwrap());
static UUID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$").unwrap());

/// Shorter values are not held: as literal patterns they would blank out ordinary words in every log line, and no
/// provider issues keys that short.
pub const MIN_HELD_LEN: usize = 12;

#[derive(Default)]
struct Held {
    values: BTreeSet<String>,
    /// Every held value, longest first so that a key containing another is removed whole.
    pattern: Option<Regex>,
}

static HELD: LazyLock<RwLock<Held>> = LazyLock::new(Default::default);

/// Registers a secret this process holds (a provider key, an access key) so that [`scrub`] removes its exact value
/// wherever it appears, whatever its shape. Values stay held until the process ends.
pub fn hold(value: &str) {
    let value = value.trim();
    if value.len() < MIN_HELD_LEN {
        return;
    }
    if HELD.read().unwrap_or_else(|e| e.into_inner()).values.contains(value) {
        return;
    }
    let mut held = HELD.write().unwrap_or_else(|e| e.into_inner());
    if !held.values.insert(value.to_owned()) {
        return;
    }
    let mut values: Vec<&String> = held.values.iter().collect();
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    let alternation = values.iter().map(|v| regex::escape(v)).collect::<Vec<_>>().join("|");
    held.pattern = Regex::new(&alternation).ok();
}

fn replace_held(text: &str) -> Option<String> {
    let held = HELD.read().unwrap_or_else(|e| e.into_inner());
    let pattern = held.pattern.as_ref()?;
    pattern.is_match(text).then(|| pattern.replace_all(text, REDACTED).into_owned())
}

fn replace<'a>(out: Cow<'a, str>, re: &Regex, with: &str) -> Cow<'a, str> {
    if re.is_match(&out) {
        Cow::Owned(re.replace_all(&out, with).into_owned())
    } else {
        out
    }
}

pub fn scrub(text: &str) -> Cow<'_, str> {
    let mut out = match replace_held(text) {
        Some(replaced) => Cow::Owned(replaced),
        None => Cow::Borrowed(text),
    };
    out = replace(out, &ZHIPU_KEY, REDACTED);
    out = replace(out, &GOOGLE_KEY, REDACTED);
    out = replace(out, &PREFIXED_KEY, REDACTED);
    out = replace(out, &BEARER, &format!("$1 {REDACTED}"));
    out = replace(out, &NAMED_VALUE, &format!("${{1}}{REDACTED}"));
    if LONG_TOKEN.is_match(&out) {
        let replaced = LONG_TOKEN.replace_all(&out, |c: &regex::Captures| {
            let t = &c[0];
            let mixed = t.bytes().any(|b| b.is_ascii_digit()) && t.bytes().any(|b| b.is_ascii_alphabetic());
            if mixed && !UUID.is_match(t) {
                REDACTED.to_owned()
            } else {
                t.to_owned()
            }
        });
        out = Cow::Owned(replaced.into_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::presets::PRESETS;

    /// Text of a given length from an alphabet, varied enough to look like a real key.
    fn body(alphabet: &str, len: usize, seed: usize) -> String {
        let a = alphabet.as_bytes();
        (0..len).map(|i| a[(i * 7 + seed * 13 + i / 3) % a.len()] as char).collect()
    }

    const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const URLSAFE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const HEX: &str = "0123456789abcdef";
    const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";

    /// Every shape each preset's provider issues, at its real length, and Gemini's.
    fn shapes(preset: &str) -> Vec<String> {
        match preset {
            "openai" => vec![
                format!("sk-{}", body(ALNUM, 48, 1)),
                format!("sk-proj-{}", body(URLSAFE, 156, 2)),
                format!("sk-svcacct-{}", body(URLSAFE, 156, 3)),
                format!("sk-admin-{}", body(URLSAFE, 120, 4)),
            ],
            "anthropic" => vec![format!("sk-ant-api03-{}AA", body(URLSAFE, 93, 5))],
            "openrouter" => vec![format!("sk-or-v1-{}", body(HEX, 64, 6))],
            "deepseek" => vec![format!("sk-{}", body(HEX, 32, 7))],
            "moonshot" => vec![format!("sk-{}", body(ALNUM, 48, 8))],
            "siliconflow" => vec![format!("sk-{}", body(LOWER, 48, 9))],
            "qwen" => vec![format!("sk-{}", body(HEX, 32, 10))],
            "zhipu" => vec![format!("{}.{}", body(HEX, 32, 11), body(ALNUM, 16, 12))],
            "gemini" => vec![format!("AIza{}", body(URLSAFE, 35, 13))],
            _ => vec![],
        }
    }

    /// Where a key turns up: alone, in an upstream's JSON error, a header, a URL, a quoted config value.
    fn contexts(key: &str) -> Vec<String> {
        vec![
            key.to_owned(),
            format!(r#"{{"error":{{"message":"Incorrect API key provided: {key}.","type":"invalid_request_error"}}}}"#),
            format!("令牌 {key} 无效"),
            format!("Authorization: Bearer {key}"),
            format!("x-api-key: {key}"),
            format!("GET https://generativelanguage.googleapis.com/v1beta/models?key={key}&alt=sse"),
            format!("api_key = \"{key}\""),
            format!("({key})"),
        ]
    }

    /// No 8 characters of the key's secret part (past a public prefix such as `sk-proj-`) survive.
    fn leaks(out: &str, key: &str) -> Option<String> {
        let start = ["sk-ant-api03-", "sk-or-v1-", "sk-proj-", "sk-svcacct-", "sk-admin-", "sk-", "AIza"]
            .iter()
            .find(|p| key.starts_with(*p))
            .map_or(0, |p| p.len());
        let secret: Vec<char> = key[start..].chars().collect();
        secret.windows(8).map(|w| w.iter().collect::<String>()).find(|w| out.contains(w.as_str()))
    }

    #[test]
    fn every_key_shape_of_every_preset_is_removed_wherever_it_appears() {
        let mut presets: Vec<&str> = PRESETS.iter().filter(|p| p.needs_key).map(|p| p.id).collect();
        presets.push("gemini");
        for preset in presets {
            let keys = shapes(preset);
            assert!(!keys.is_empty(), "preset '{preset}' needs a key but has no shape in this table");
            for key in keys {
                for text in contexts(&key) {
                    let out = scrub(&text);
                    assert!(out.contains(REDACTED), "{preset}: not scrubbed: {text}");
                    assert_eq!(leaks(&out, &key), None, "{preset}: part of {key} left in {out}");
                }
            }
        }
    }

    #[test]
    fn the_secret_half_of_a_zhipu_key_goes_too() {
        let key = "0123456789abcdef0123456789abcdef.AbCdEfGh12345678";
        let out =
            scrub(&format!(r#"{{"error":{{"code":"1000","message":"令牌已过期或验证不正确 {key}"}}}}"#)).into_owned();
        assert!(!out.contains("AbCdEfGh12345678"), "{out}");
        assert!(!out.contains("0123456789abcdef0123456789abcdef"), "{out}");
    }

    #[test]
    fn removes_common_key_shapes() {
        for leaked in [
            "key sk-proj-AbC123xyz789 used",
            "Authorization: Bearer abcdef123456",
            r#"{"api_key":"s3cr3t-value"}"#,
            "x-api-key=hunter2hunter2",
            "token 0123456789abcdefABCDEF0123456789abcd",
            "sk-ant-api03-ZZZZZZZZ",
        ] {
            let out = scrub(leaked);
            assert!(out.contains("[REDACTED]"), "not scrubbed: {leaked} -> {out}");
            for secret in
                ["AbC123xyz789", "abcdef123456", "s3cr3t-value", "hunter2hunter2", "0123456789abcdefABCDEF", "ZZZZZZZZ"]
            {
                assert!(!out.contains(secret), "leaked {secret} in {out}");
            }
        }
    }

    #[test]
    fn held_values_are_removed_whatever_their_shape() {
        // Shapes no pattern knows: a word-only key and one with punctuation.
        let plain = "correcthorsebatterystaple";
        let odd = "p@ss:w0rd/with+slashes!";
        assert_eq!(scrub(&format!("upstream said: bad key {plain}")), format!("upstream said: bad key {plain}"));
        hold(plain);
        hold(odd);
        hold("  correcthorsebatterystaple  ");
        let out = scrub(&format!("bad key {plain}, also {odd} at the end")).into_owned();
        assert_eq!(out, "bad key [REDACTED], also [REDACTED] at the end");
    }

    #[test]
    fn a_held_value_inside_a_longer_one_does_not_leave_the_rest() {
        hold("innerpartofakey");
        hold("prefix-innerpartofakey-suffix");
        assert_eq!(scrub("x prefix-innerpartofakey-suffix y"), "x [REDACTED] y");
    }

    #[test]
    fn short_values_are_not_held() {
        hold("ollama");
        assert_eq!(scrub("ollama serves llama3 here"), "ollama serves llama3 here");
    }

    #[test]
    fn leaves_ordinary_text_and_trace_ids_alone() {
        let text = "trace 3f2b8c1e-9d4a-4b7e-8a6f-1c2d3e4f5a6b finished in 120 ms for gpt-4o-mini";
        assert_eq!(scrub(text), text);
        let text = "model glm-4.5-air answered 0123456789abcdef tokens";
        assert_eq!(scrub(text), text);
    }
}
