//! Chat turns: sending (streamed into a sink) and stopping.

use tokio_util::sync::CancellationToken;

use crate::chat::{self, ChatEvent, SendMessage};
use crate::error::{Error, Result};
use crate::store::messages::MessageRecord;
use crate::Core;

impl Core {
    /// Streams one answer into `sink`. Provider failures and stops are persisted and returned as the message's
    /// status; only problems that prevent the turn (bad input, unknown provider, missing key) are errors.
    pub async fn send_message(
        &self,
        input: SendMessage,
        sink: &(dyn Fn(ChatEvent) + Send + Sync),
    ) -> Result<MessageRecord> {
        chat::send::send(self, input, sink).await
    }

    /// Stops a streaming answer. Returns false when no such request is running.
    pub fn cancel(&self, request_id: &str) -> bool {
        match self.in_flight.lock().unwrap().get(request_id) {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    pub(crate) fn register_request(&self, request_id: &str) -> Result<CancellationToken> {
        let mut in_flight = self.in_flight.lock().unwrap();
        if in_flight.contains_key(request_id) {
            return Err(Error::invalid("duplicate_request_id", "A request with this id is already running."));
        }
        let token = CancellationToken::new();
        in_flight.insert(request_id.to_owned(), token.clone());
        Ok(token)
    }

    pub(crate) fn unregister_request(&self, request_id: &str) {
        self.in_flight.lock().unwrap().remove(request_id);
    }
}
