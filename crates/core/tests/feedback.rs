//! Feedback on answers through the real door: thumbs up or down with a note, kept with the answer and shown on the
//! usage log's rows of its call; changed, cleared, refused for what cannot be rated, gone with the answer.

mod support;

use support::echo_chat::EchoChat;
use switchyard_core::chat::{SendMessage, TurnPlace};
use switchyard_core::cost::report::UsageFilter;
use switchyard_core::store::feedback::{Feedback, Rating};
use switchyard_core::store::now_ms;

fn up(note: Option<&str>) -> Option<Feedback> {
    Some(Feedback { rating: Rating::Up, note: note.map(str::to_owned) })
}

async fn logged(chat: &EchoChat, trace_id: &str) -> Vec<Option<Feedback>> {
    chat.core.flush_ledger().await;
    let page = chat.core.usage_log(UsageFilter::range(0, now_ms() + 60_000, 0), None, 50).await.unwrap();
    page.rows.into_iter().filter(|r| r.entry.trace_id == trace_id).map(|r| r.feedback).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rated_answer_shows_its_rating_and_note_in_the_chat_and_the_usage_log() {
    let chat = EchoChat::start().await;
    let conversation = chat.core.create_conversation(None).await.unwrap();
    let answer = chat.send(&conversation.id, "rate me", TurnPlace::Next).await;
    let trace = answer.trace_id.clone().unwrap();
    assert_eq!(chat.core.list_messages(&conversation.id).await.unwrap()[1].feedback, None);

    let kept = chat.core.set_feedback(&answer.id, up(Some("  spot on \n"))).await.unwrap();
    assert_eq!(kept, up(Some("spot on")), "the note is kept trimmed");
    assert_eq!(chat.core.list_messages(&conversation.id).await.unwrap()[1].feedback, kept);
    assert_eq!(logged(&chat, &trace).await, std::slice::from_ref(&kept), "the log's row of the call shows it");
    assert_eq!(chat.core.usage_trace(&trace).await.unwrap()[0].feedback, kept);

    let down = Some(Feedback { rating: Rating::Down, note: Some("   ".into()) });
    let changed = chat.core.set_feedback(&answer.id, down).await.unwrap();
    assert_eq!(changed, Some(Feedback { rating: Rating::Down, note: None }), "a blank note is no note");
    assert_eq!(chat.core.list_messages(&conversation.id).await.unwrap()[1].feedback, changed, "replaced, not added");

    assert_eq!(chat.core.set_feedback(&answer.id, None).await.unwrap(), None);
    assert_eq!(chat.core.list_messages(&conversation.id).await.unwrap()[1].feedback, None);
    assert_eq!(logged(&chat, &trace).await, [None]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_cannot_be_rated_is_refused_and_nothing_is_kept() {
    let chat = EchoChat::start().await;
    let conversation = chat.core.create_conversation(None).await.unwrap();
    let answer = chat.send(&conversation.id, "one", TurnPlace::Next).await;
    let question = chat.core.list_messages(&conversation.id).await.unwrap()[0].clone();
    assert_eq!(chat.core.set_feedback(&question.id, up(None)).await.unwrap_err().code, "feedback_on_answers_only");

    let long = "x".repeat(2001);
    assert_eq!(chat.core.set_feedback(&answer.id, up(Some(&long))).await.unwrap_err().code, "feedback_note_too_long");
    assert!(chat.core.set_feedback(&answer.id, up(Some(&"x".repeat(2000)))).await.unwrap().is_some(), "2000 fit");
    chat.core.set_feedback(&answer.id, None).await.unwrap();

    let later = SendMessage { later: true, ..chat.turn(&conversation.id, "later", TurnPlace::Next) };
    let queued = chat.core.send_message(later, &|_| {}).await.unwrap();
    assert_eq!(chat.core.set_feedback(&queued.id, up(None)).await.unwrap_err().code, "answer_not_ended");
    assert_eq!(chat.core.set_feedback("nope", up(None)).await.unwrap_err().code, "message_not_found");
    assert!(chat.core.list_messages(&conversation.id).await.unwrap().iter().all(|m| m.feedback.is_none()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_feedback_goes_with_its_answer() {
    let chat = EchoChat::start().await;
    let conversation = chat.core.create_conversation(None).await.unwrap();
    let answer = chat.send(&conversation.id, "one", TurnPlace::Next).await;
    let trace = answer.trace_id.clone().unwrap();
    chat.core.set_feedback(&answer.id, up(Some("good"))).await.unwrap();
    chat.core.delete_message(&answer.id).await.unwrap();
    assert_eq!(logged(&chat, &trace).await, [None], "the call stays in the log, the deleted answer's rating does not");
}
