//! Who made a call: a chat pane, a gateway client, a workflow node. Budgets and the meter read it; the ledger
//! keeps its kind, its label and the ids a person can follow back (the chat message, the access key).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// A chat pane's turn; `message_id` is the answer being written.
    Pane { pane_id: String, conversation_id: String, message_id: String },
    /// A client of the local gateway, by its access key.
    Gateway { key_id: String, key_name: String },
    /// A node of a workflow run.
    Workflow { workflow_id: String, run_id: String, node_id: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum OriginKind {
    Pane,
    Gateway,
    Workflow,
}

impl Origin {
    pub fn kind(&self) -> OriginKind {
        match self {
            Origin::Pane { .. } => OriginKind::Pane,
            Origin::Gateway { .. } => OriginKind::Gateway,
            Origin::Workflow { .. } => OriginKind::Workflow,
        }
    }

    /// The ledger's `origin` text: `chat:<pane>`, `gateway:<key name>`, `workflow:<workflow>:<node>`.
    pub fn label(&self) -> String {
        match self {
            Origin::Pane { pane_id, .. } => format!("chat:{pane_id}"),
            Origin::Gateway { key_name, .. } => format!("gateway:{key_name}"),
            Origin::Workflow { workflow_id, node_id, .. } => format!("workflow:{workflow_id}:{node_id}"),
        }
    }

    pub fn access_key_id(&self) -> Option<&str> {
        match self {
            Origin::Gateway { key_id, .. } => Some(key_id),
            _ => None,
        }
    }

    pub fn conversation_id(&self) -> Option<&str> {
        match self {
            Origin::Pane { conversation_id, .. } => Some(conversation_id),
            _ => None,
        }
    }

    pub fn message_id(&self) -> Option<&str> {
        match self {
            Origin::Pane { message_id, .. } => Some(message_id),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_origin_names_itself_and_the_ids_it_carries() {
        let pane = Origin::Pane { pane_id: "p1".into(), conversation_id: "c1".into(), message_id: "m1".into() };
        assert_eq!((pane.kind(), pane.label()), (OriginKind::Pane, "chat:p1".to_owned()));
        assert_eq!((pane.conversation_id(), pane.message_id(), pane.access_key_id()), (Some("c1"), Some("m1"), None));
        let gw = Origin::Gateway { key_id: "k1".into(), key_name: "cli".into() };
        assert_eq!(
            (gw.kind(), gw.label(), gw.access_key_id()),
            (OriginKind::Gateway, "gateway:cli".into(), Some("k1"))
        );
        assert_eq!((gw.conversation_id(), gw.message_id()), (None, None));
        let wf = Origin::Workflow { workflow_id: "w1".into(), run_id: "r1".into(), node_id: "n1".into() };
        assert_eq!((wf.kind(), wf.label(), wf.access_key_id()), (OriginKind::Workflow, "workflow:w1:n1".into(), None));
    }
}
