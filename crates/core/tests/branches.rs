//! Branching chat history through the real door: regenerating an answer and editing a question add siblings, the
//! model is sent only the branch shown, switching and deleting move the branch shown, and nothing else is lost.

mod support;

use support::capture::Captured;
use support::echo_chat::EchoChat;
use switchyard_core::chat::TurnPlace;
use switchyard_core::ir::Role;
use switchyard_core::store::messages::{MessageRecord, MessageStatus};

/// One conversation over an echoing upstream.
struct Chat {
    echo: EchoChat,
    conversation_id: String,
}

impl Chat {
    async fn start() -> Self {
        let echo = EchoChat::start().await;
        let conversation_id = echo.core.create_conversation(None).await.unwrap().id;
        Chat { echo, conversation_id }
    }

    async fn send(&self, text: &str, place: TurnPlace) -> MessageRecord {
        self.echo.send(&self.conversation_id, text, place).await
    }

    async fn shown(&self) -> Vec<MessageRecord> {
        self.echo.core.list_messages(&self.conversation_id).await.unwrap()
    }

    async fn texts(&self) -> Vec<String> {
        self.shown().await.into_iter().map(|m| m.content).collect()
    }

    /// The messages of the last request upstream, as `role: text`.
    fn last_context(&self) -> Vec<String> {
        context(&self.echo.upstream.last())
    }
}

fn context(req: &Captured) -> Vec<String> {
    req.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| format!("{}: {}", m["role"].as_str().unwrap(), m["content"].as_str().unwrap_or_default()))
        .collect()
}

fn question_of(shown: &[MessageRecord], text: &str) -> MessageRecord {
    shown.iter().find(|m| m.role == Role::User && m.content == text).cloned().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_regenerated_answer_is_a_sibling_and_the_next_turn_follows_the_one_shown() {
    let chat = Chat::start().await;
    chat.send("one", TurnPlace::Next).await;
    let first = chat.send("two", TurnPlace::Next).await;
    let two = question_of(&chat.shown().await, "two");

    let again = chat.send("", TurnPlace::Regenerate { question_id: two.id.clone() }).await;
    assert_eq!(again.status, MessageStatus::Complete);
    assert_eq!(again.parent_id.as_deref(), Some(two.id.as_str()));
    assert_eq!(
        chat.last_context(),
        ["user: one", "assistant: answer: one", "user: two"],
        "the question is asked again with what came before it, not the answer it replaces"
    );
    let shown = chat.shown().await;
    assert_eq!(shown.len(), 4, "the branch shown holds one answer to each question");
    assert_eq!(shown[3].id, again.id);
    assert_eq!(shown[3].siblings, [first.id.clone(), again.id.clone()], "the old answer is kept beside the new");
    assert_eq!(shown[2].siblings, std::slice::from_ref(&two.id));

    chat.send("three", TurnPlace::Next).await;
    let sent = chat.last_context();
    assert_eq!(sent[3], "assistant: answer: two", "the answer shown is the one sent");
    assert_eq!(sent.len(), 5);
    let after = chat.shown().await;
    assert_eq!(after[4].parent_id.as_deref(), Some(again.id.as_str()), "the next turn follows the answer shown");

    // Back to the first answer: its branch has no third question.
    let back = chat.echo.core.switch_branch(&first.id).await.unwrap();
    assert_eq!(back.iter().map(|m| m.id.clone()).collect::<Vec<_>>()[3], first.id);
    assert_eq!(back.len(), 4);
    assert_eq!(chat.shown().await, back, "the switch is remembered");
    chat.send("four", TurnPlace::Next).await;
    assert_eq!(chat.last_context()[3], "assistant: answer: two");
    assert_eq!(chat.last_context().len(), 5, "only the branch shown is sent: three is on the other");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_question_branches_beside_the_original_which_stays_whole() {
    let chat = Chat::start().await;
    chat.send("one", TurnPlace::Next).await;
    chat.send("two", TurnPlace::Next).await;
    chat.send("three", TurnPlace::Next).await;
    let two = question_of(&chat.shown().await, "two");

    let answer = chat.send("two, better", TurnPlace::Edit { question_id: two.id.clone() }).await;
    assert_eq!(answer.content, "answer: two, better");
    assert_eq!(chat.last_context(), ["user: one", "assistant: answer: one", "user: two, better"]);
    let shown = chat.shown().await;
    assert_eq!(
        shown.iter().map(|m| m.content.as_str()).collect::<Vec<_>>(),
        ["one", "answer: one", "two, better", "answer: two, better"]
    );
    assert_eq!(shown[2].siblings, [two.id.clone(), shown[2].id.clone()]);

    // The original branch, down to its newest leaf, is all there.
    let original = chat.echo.core.switch_branch(&two.id).await.unwrap();
    assert_eq!(
        original.iter().map(|m| m.content.as_str()).collect::<Vec<_>>(),
        ["one", "answer: one", "two", "answer: two", "three", "answer: three"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_message_takes_what_follows_it_and_shows_the_branch_beside_it() {
    let chat = Chat::start().await;
    chat.send("one", TurnPlace::Next).await;
    let first = chat.send("two", TurnPlace::Next).await;
    let two = question_of(&chat.shown().await, "two");
    let again = chat.send("", TurnPlace::Regenerate { question_id: two.id.clone() }).await;
    chat.send("three", TurnPlace::Next).await;

    let shown = chat.echo.core.delete_message(&again.id).await.unwrap();
    assert_eq!(shown.last().unwrap().id, first.id, "the answer beside it is shown");
    assert_eq!(shown.last().unwrap().siblings, std::slice::from_ref(&first.id));
    assert_eq!(chat.texts().await, ["one", "answer: one", "two", "answer: two"], "three went with its answer");

    let shown = chat.echo.core.delete_message(&two.id).await.unwrap();
    assert_eq!(shown.iter().map(|m| m.content.as_str()).collect::<Vec<_>>(), ["one", "answer: one"]);
    chat.send("five", TurnPlace::Next).await;
    assert_eq!(chat.last_context(), ["user: one", "assistant: answer: one", "user: five"]);

    let e = chat.echo.core.delete_message(&two.id).await.unwrap_err();
    assert_eq!(e.code, "message_not_found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_question_of_the_same_conversation_can_be_asked_again() {
    let chat = Chat::start().await;
    let answer = chat.send("one", TurnPlace::Next).await;
    let input = |conversation_id: &str, place: TurnPlace| chat.echo.turn(conversation_id, "x", place);
    let e = chat
        .echo
        .core
        .send_message(input(&chat.conversation_id, TurnPlace::Regenerate { question_id: answer.id.clone() }), &|_| {})
        .await
        .unwrap_err();
    assert_eq!(e.code, "not_a_question", "an answer is not a question");
    let other = chat.echo.core.create_conversation(None).await.unwrap();
    let one = question_of(&chat.shown().await, "one");
    let e = chat
        .echo
        .core
        .send_message(input(&other.id, TurnPlace::Edit { question_id: one.id.clone() }), &|_| {})
        .await
        .unwrap_err();
    assert_eq!(e.code, "not_a_question");
    assert!(chat.echo.core.list_messages(&other.id).await.unwrap().is_empty(), "a refused turn saves nothing");
    assert_eq!(chat.echo.upstream.requests().len(), 1);

    let e = chat.echo.core.switch_branch("no-such-message").await.unwrap_err();
    assert_eq!(e.code, "message_not_found");
}
