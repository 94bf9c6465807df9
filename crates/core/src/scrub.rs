//! Removes anything key-shaped from text before it is logged or shown.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

const REDACTED: &str = "[REDACTED]";

static PREFIXED_KEY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(sk|pk|rk|ak|key)-[A-Za-z0-9_\-]{6,}").unwrap());
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

pub fn scrub(text: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    if PREFIXED_KEY.is_match(&out) {
        out = Cow::Owned(PREFIXED_KEY.replace_all(&out, REDACTED).into_owned());
    }
    if BEARER.is_match(&out) {
        out = Cow::Owned(BEARER.replace_all(&out, format!("$1 {REDACTED}")).into_owned());
    }
    if NAMED_VALUE.is_match(&out) {
        out = Cow::Owned(NAMED_VALUE.replace_all(&out, format!("${{1}}{REDACTED}")).into_owned());
    }
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
    use super::scrub;

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
    fn leaves_ordinary_text_and_trace_ids_alone() {
        let text = "trace 3f2b8c1e-9d4a-4b7e-8a6f-1c2d3e4f5a6b finished in 120 ms for gpt-4o-mini";
        assert_eq!(scrub(text), text);
    }
}
