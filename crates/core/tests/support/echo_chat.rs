//! A core with one provider whose every answer is `answer: <question>` (a capturing upstream), for tests of what the
//! chat keeps and sends: branches, search, conversation files.
#![allow(dead_code)]

use super::capture::Capture;
use super::open_core;
use super::queue::echo;
use switchyard_core::chat::{ChatTarget, SendMessage, TurnPlace};
use switchyard_core::providers::registry::ProviderInput;
use switchyard_core::store::messages::MessageRecord;
use switchyard_core::Core;

pub struct EchoChat {
    pub core: Core,
    pub upstream: Capture,
    pub provider_id: String,
    pub dir: tempfile::TempDir,
}

impl EchoChat {
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let core = open_core(dir.path()).await;
        let upstream = Capture::start(echo);
        let input = ProviderInput {
            id: None,
            name: "upstream".into(),
            preset: "custom".into(),
            base_url: upstream.base_url.clone(),
            api_key: None,
            extra_headers: vec![],
            default_model: Some("gpt-4o-mini".into()),
        };
        let provider_id = core.save_provider(input).await.unwrap().id;
        EchoChat { core, upstream, provider_id, dir }
    }

    /// The turn as the chat pane sends it.
    pub fn turn(&self, conversation_id: &str, text: &str, place: TurnPlace) -> SendMessage {
        SendMessage {
            request_id: switchyard_core::store::new_id(),
            conversation_id: conversation_id.into(),
            pane_id: "pane-1".into(),
            target: ChatTarget::Model { provider_id: self.provider_id.clone(), model: "gpt-4o-mini".into() },
            text: text.into(),
            cache: None,
            later: false,
            place,
        }
    }

    pub async fn send(&self, conversation_id: &str, text: &str, place: TurnPlace) -> MessageRecord {
        self.core.send_message(self.turn(conversation_id, text, place), &|_| {}).await.unwrap()
    }
}
