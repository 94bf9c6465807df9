//! Line-by-line differences of two texts (a template before and after, a node's output in two runs).

use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum LineOp {
    Same,
    Added,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct LineChange {
    pub op: LineOp,
    /// The line without its line break.
    pub text: String,
}

pub fn line_diff(old: &str, new: &str) -> Vec<LineChange> {
    TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|c| LineChange {
            op: match c.tag() {
                ChangeTag::Equal => LineOp::Same,
                ChangeTag::Insert => LineOp::Added,
                ChangeTag::Delete => LineOp::Removed,
            },
            text: c.value().trim_end_matches(['\n', '\r']).to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(diff: &[LineChange]) -> Vec<(LineOp, &str)> {
        diff.iter().map(|c| (c.op, c.text.as_str())).collect()
    }

    #[test]
    fn a_changed_line_is_removed_and_added_and_the_rest_kept() {
        let d = line_diff(
            "You are terse.\nAnswer {{start.q}}\nThanks",
            "You are terse.\nAnswer briefly: {{start.q}}\nThanks",
        );
        assert_eq!(
            ops(&d),
            vec![
                (LineOp::Same, "You are terse."),
                (LineOp::Removed, "Answer {{start.q}}"),
                (LineOp::Added, "Answer briefly: {{start.q}}"),
                (LineOp::Same, "Thanks"),
            ]
        );
        assert_eq!(ops(&line_diff("", "new")), vec![(LineOp::Added, "new")]);
        assert_eq!(ops(&line_diff("a\r\nb\r\n", "a\r\n")), vec![(LineOp::Same, "a"), (LineOp::Removed, "b")]);
    }
}
