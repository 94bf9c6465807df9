//! Search across every conversation's messages, every branch. Each whitespace-separated term must appear (any case);
//! terms of three characters or more go through the trigram index, shorter ones (a two-character Chinese word, "AI")
//! are matched with LIKE over what the index found, or over everything when no term is long enough.

use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ir::Role;

/// How many characters of context a snippet shows on each side of the first match.
const CONTEXT_CHARS: usize = 40;

/// One message found, with the words it matched marked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct SearchHit {
    pub conversation_id: String,
    pub conversation_title: String,
    pub message_id: String,
    pub role: Role,
    #[specta(type = specta_typescript::Number)]
    pub created_at: i64,
    /// The text around the first match, in pieces; `hit` pieces are what the terms matched.
    pub snippet: Vec<SnippetPart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

/// The newest `limit` messages holding every term of `query`.
pub fn search(conn: &Connection, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
    let terms: Vec<&str> = query.split_whitespace().collect();
    if terms.is_empty() {
        return Err(Error::invalid("search_query_required", "Type something to search for."));
    }
    let (long, short): (Vec<&str>, Vec<&str>) = terms.iter().partition(|t| t.chars().count() >= 3);
    let mut filters = Vec::new();
    let mut values: Vec<String> = Vec::new();
    if !long.is_empty() {
        filters.push("m.rowid IN (SELECT rowid FROM message_search WHERE message_search MATCH ?)".to_owned());
        values.push(long.iter().map(|t| format!("\"{}\"", t.replace('"', "\"\""))).collect::<Vec<_>>().join(" AND "));
    }
    for term in &short {
        filters.push("m.content LIKE ? ESCAPE '\\'".to_owned());
        values.push(format!("%{}%", term.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")));
    }
    let sql = format!(
        "SELECT m.conversation_id, c.title, m.id, m.role, m.created_at, m.content
         FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE {} ORDER BY m.created_at DESC, m.rowid DESC LIMIT {limit}",
        filters.join(" AND ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(values.iter()), |r| {
        let role: String = r.get(3)?;
        let content: String = r.get(5)?;
        Ok(SearchHit {
            conversation_id: r.get(0)?,
            conversation_title: r.get(1)?,
            message_id: r.get(2)?,
            role: Role::parse(&role).unwrap_or(Role::User),
            created_at: r.get(4)?,
            snippet: snippet(&content, &terms),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The text around the first match of any term, every match in it marked, case-insensitively.
pub fn snippet(text: &str, terms: &[&str]) -> Vec<SnippetPart> {
    let chars: Vec<char> = text.chars().collect();
    let folded: Vec<char> = chars.iter().map(|c| fold(*c)).collect();
    let needles: Vec<Vec<char>> =
        terms.iter().map(|t| t.chars().map(fold).collect()).filter(|n: &Vec<char>| !n.is_empty()).collect();
    let mut hit = vec![false; chars.len()];
    for needle in &needles {
        for start in 0..chars.len().saturating_sub(needle.len() - 1) {
            if folded[start..start + needle.len()] == needle[..] {
                hit[start..start + needle.len()].iter_mut().for_each(|h| *h = true);
            }
        }
    }
    let first = hit.iter().position(|h| *h).unwrap_or(0);
    let from = first.saturating_sub(CONTEXT_CHARS);
    let to = (first + CONTEXT_CHARS * 2).min(chars.len());
    let mut parts: Vec<SnippetPart> = Vec::new();
    if from > 0 {
        parts.push(SnippetPart { text: "…".into(), hit: false });
    }
    for i in from..to {
        // Line breaks read as spaces in a one-line result.
        let c = if chars[i].is_whitespace() { ' ' } else { chars[i] };
        match parts.last_mut() {
            Some(last) if last.hit == hit[i] && !(last.text == "…" && i == from) => last.text.push(c),
            _ => parts.push(SnippetPart { text: c.to_string(), hit: hit[i] }),
        }
    }
    if to < chars.len() {
        parts.push(SnippetPart { text: "…".into(), hit: false });
    }
    parts
}

/// A character as search compares it: lower case (its first lower-case character, so lengths stay the same).
fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(parts: &[SnippetPart]) -> String {
        parts.iter().map(|p| if p.hit { format!("[{}]", p.text) } else { p.text.clone() }).collect()
    }

    #[test]
    fn a_snippet_marks_every_match_in_any_case_around_the_first() {
        assert_eq!(marked(&snippet("Rust and rust and RUST", &["rust"])), "[Rust] and [rust] and [RUST]");
        assert_eq!(marked(&snippet("line one\nline two", &["one", "two"])), "line [one] line [two]");
        assert_eq!(marked(&snippet("你好世界", &["世界"])), "你好[世界]");
        assert_eq!(marked(&snippet("short", &["nothing"])), "short", "no match: the start");
    }

    #[test]
    fn a_long_text_is_cut_around_the_match_with_ellipses() {
        let text = format!("{}needle{}", "a".repeat(100), "b".repeat(100));
        let parts = snippet(&text, &["needle"]);
        let shown = marked(&parts);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(shown, format!("…{}[needle]{}…", "a".repeat(CONTEXT_CHARS), "b".repeat(CONTEXT_CHARS * 2 - 6)));
        assert_eq!(parts[0], SnippetPart { text: "…".into(), hit: false }, "the ellipsis is a part of its own");
        let at_start = marked(&snippet(&format!("needle{}", "b".repeat(200)), &["needle"]));
        assert!(at_start.starts_with("[needle]"), "{at_start}");
    }
}
