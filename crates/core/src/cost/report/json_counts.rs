//! The rollup's flat JSON objects of counts, `{"<key>":count,…}`: histograms keyed by bucket lower bound and
//! error categories keyed by name. SQLite's json functions keep them up to date; Rust reads and writes them.

use std::fmt::Display;

/// The pairs of a flat JSON object of counts as SQLite's json functions write it: `{"a":1,"b":2}` (keys without
/// escapes, counts as plain integers). Read byte by byte: the dashboard reads tens of thousands of these.
pub fn parse(text: &str) -> impl Iterator<Item = (&str, u64)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let open = at + bytes[at..].iter().position(|&b| b == b'"')?;
        let close = open + 1 + bytes[open + 1..].iter().position(|&b| b == b'"')?;
        let mut i = close + 1;
        while i < bytes.len() && !bytes[i].is_ascii_digit() {
            i += 1;
        }
        let mut count = 0u64;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            count = count * 10 + u64::from(bytes[i] - b'0');
            i += 1;
        }
        at = i;
        Some((&text[open + 1..close], count))
    })
}

/// `{"key":count,…}`; keys here are bucket bounds and category names, which need no escaping.
pub fn write<K: Display>(pairs: impl IntoIterator<Item = (K, u64)>) -> String {
    let body: Vec<String> = pairs.into_iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
    format!("{{{}}}", body.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_sqlite_writes_and_writes_it_back() {
        assert_eq!(parse(r#"{"timeout":3,"upstream":12}"#).collect::<Vec<_>>(), [("timeout", 3), ("upstream", 12)]);
        assert_eq!(parse(r#"{ "a" : 7 , "b":0}"#).collect::<Vec<_>>(), [("a", 7), ("b", 0)]);
        assert_eq!(parse("{}").count(), 0);
        assert_eq!(write([("timeout", 3), ("upstream", 12)]), r#"{"timeout":3,"upstream":12}"#);
        assert_eq!(write(Vec::<(i64, u64)>::new()), "{}");
    }
}
