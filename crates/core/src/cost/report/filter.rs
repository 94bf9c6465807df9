//! The filter in both places it applies: as SQL over the raw ledger, and over rollup cells.

use rusqlite::types::Value;

use super::types::UsageFilter;

pub use crate::store::enum_text;

/// The filter's lists as the text the ledger and the rollups store; empty = all.
#[derive(Debug, Clone, Default)]
pub struct Dimensions {
    pub provider_ids: Vec<String>,
    pub models: Vec<String>,
    pub origin_kinds: Vec<String>,
    pub statuses: Vec<String>,
}

impl Dimensions {
    pub fn of(filter: &UsageFilter) -> Self {
        Dimensions {
            provider_ids: filter.provider_ids.clone(),
            models: filter.models.clone(),
            origin_kinds: filter.origin_kinds.iter().map(enum_text).collect(),
            statuses: filter.statuses.iter().map(enum_text).collect(),
        }
    }

    /// Whether a cell (or row) with these values passes; "" stands for NULL and matches no listed value.
    pub fn matches(&self, provider_id: &str, model: &str, origin_kind: &str, status: &str) -> bool {
        fn allows(list: &[String], value: &str) -> bool {
            list.is_empty() || list.iter().any(|v| v == value)
        }
        allows(&self.provider_ids, provider_id)
            && allows(&self.models, model)
            && allows(&self.origin_kinds, origin_kind)
            && allows(&self.statuses, status)
    }

    /// ` AND provider_id IN (?, …) …` over the ledger's columns, with its values appended to `params`.
    pub fn sql(&self, params: &mut Vec<Value>) -> String {
        let mut sql = String::new();
        for (column, list) in [
            ("provider_id", &self.provider_ids),
            ("model", &self.models),
            ("origin_kind", &self.origin_kinds),
            ("status", &self.statuses),
        ] {
            if list.is_empty() {
                continue;
            }
            // The (model, at) index walks one model's calls in time order; for several it would have to sort
            // them all, so a unary plus leaves the time index to serve them.
            let column = if column == "model" && list.len() > 1 { "+model" } else { column };
            let marks = vec!["?"; list.len()].join(", ");
            sql.push_str(&format!(" AND {column} IN ({marks})"));
            params.extend(list.iter().cloned().map(Value::Text));
        }
        sql
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::origin::OriginKind;
    use crate::store::ledger::CallStatus;

    #[test]
    fn empty_lists_allow_everything_and_listed_values_narrow() {
        let mut filter = UsageFilter::range(0, 1, 0);
        assert!(Dimensions::of(&filter).matches("", "", "pane", "ok"));
        filter.statuses = vec![CallStatus::Error];
        filter.origin_kinds = vec![OriginKind::Gateway, OriginKind::Workflow];
        let dims = Dimensions::of(&filter);
        assert!(dims.matches("p", "m", "gateway", "error"));
        assert!(!dims.matches("p", "m", "pane", "error"));
        assert!(!dims.matches("p", "m", "gateway", "ok"));
        let mut params = Vec::new();
        assert_eq!(dims.sql(&mut params), " AND origin_kind IN (?, ?) AND status IN (?)");
        assert_eq!(
            params,
            [Value::Text("gateway".into()), Value::Text("workflow".into()), Value::Text("error".into())]
        );
    }

    #[test]
    fn only_a_single_model_may_use_the_model_index() {
        let mut filter = UsageFilter::range(0, 1, 0);
        filter.models = vec!["a".into()];
        assert_eq!(Dimensions::of(&filter).sql(&mut Vec::new()), " AND model IN (?)");
        filter.models = vec!["a".into(), "b".into()];
        assert_eq!(Dimensions::of(&filter).sql(&mut Vec::new()), " AND +model IN (?, ?)");
    }
}
