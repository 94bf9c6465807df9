//! Side-by-side compare through the real door: a pane is a conversation with a copy of the branch shown, its own
//! target and its own calls; panes share one group of at most four; closing and "continue alone" lose nothing.

mod support;

use support::echo_chat::EchoChat;
use switchyard_core::chat::{ChatTarget, SendMessage, TurnPlace};
use switchyard_core::store::messages::MessageStatus;

fn target(chat: &EchoChat, model: &str) -> ChatTarget {
    ChatTarget::Model { provider_id: chat.provider_id.clone(), model: model.into() }
}

fn turn_to(chat: &EchoChat, conversation_id: &str, text: &str, model: &str) -> SendMessage {
    SendMessage { target: target(chat, model), ..chat.turn(conversation_id, text, TurnPlace::Next) }
}

fn roles_and_texts(body: &serde_json::Value) -> Vec<String> {
    body["messages"].as_array().unwrap().iter().map(|m| format!("{}: {}", m["role"], m["content"])).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_pane_starts_from_the_branch_shown_and_then_goes_its_own_way() {
    let chat = EchoChat::start().await;
    let first = chat.core.create_conversation(None).await.unwrap();
    chat.send(&first.id, "one", TurnPlace::Next).await;
    let one = chat.core.list_messages(&first.id).await.unwrap()[0].clone();
    // A second answer to "one": the branch shown holds it, not the first.
    chat.send(&first.id, "", TurnPlace::Regenerate { question_id: one.id.clone() }).await;
    let shown = chat.core.list_messages(&first.id).await.unwrap();

    let pane = chat.core.add_compare_pane(&first.id, Some(target(&chat, "model-b"))).await.unwrap();
    let copied = chat.core.list_messages(&pane.id).await.unwrap();
    let words = |ms: &[switchyard_core::store::messages::MessageRecord]| {
        ms.iter().map(|m| (m.role, m.content.clone(), m.status)).collect::<Vec<_>>()
    };
    assert_eq!(words(&copied), words(&shown), "the pane holds the branch shown, word for word");
    assert!(copied.iter().all(|m| m.siblings.len() == 1), "only the branch shown is copied, not its siblings");
    assert!(copied.iter().all(|m| shown.iter().all(|s| s.id != m.id)), "the copies have their own ids");
    assert!(copied.iter().all(|m| m.trace_id.is_none()), "a copy points at no call of its own");
    assert_eq!(pane.target, Some(target(&chat, "model-b")));
    assert_eq!(pane.title, "one", "titled as the conversation it came from");

    let group = chat.core.compare_panes(&first.id).await.unwrap();
    assert_eq!(group.iter().map(|c| c.id.clone()).collect::<Vec<_>>(), [first.id.clone(), pane.id.clone()]);
    assert!(group.iter().all(|c| c.compare_group.as_deref() == Some(first.id.as_str())));
    assert_eq!(chat.core.compare_panes(&pane.id).await.unwrap(), group, "either pane finds the same compare");

    // The same question in both panes: each is asked with the same history, of its own model.
    chat.core.send_message(turn_to(&chat, &first.id, "two", "model-a"), &|_| {}).await.unwrap();
    chat.core.send_message(turn_to(&chat, &pane.id, "two", "model-b"), &|_| {}).await.unwrap();
    let sent = chat.upstream.requests();
    let (a, b) = (&sent[sent.len() - 2].body, &sent[sent.len() - 1].body);
    assert_eq!(roles_and_texts(a), roles_and_texts(b));
    assert_eq!((a["model"].as_str(), b["model"].as_str()), (Some("model-a"), Some("model-b")));
    assert_eq!(chat.core.list_messages(&first.id).await.unwrap().len(), 4);
    assert_eq!(chat.core.list_messages(&pane.id).await.unwrap().len(), 4, "each pane keeps its own answers");

    let answers = |c: switchyard_core::store::ledger::ConversationCost| c.priced_answers + c.unpriced_answers;
    assert_eq!(answers(chat.core.conversation_cost(&first.id).await.unwrap()), 3);
    assert_eq!(
        answers(chat.core.conversation_cost(&pane.id).await.unwrap()),
        1,
        "the copied answers are not counted again: the pane's own call only"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_compare_holds_four_panes_at_most() {
    let chat = EchoChat::start().await;
    let first = chat.core.create_conversation(None).await.unwrap();
    for _ in 0..3 {
        chat.core.add_compare_pane(&first.id, None).await.unwrap();
    }
    let e = chat.core.add_compare_pane(&first.id, None).await.unwrap_err();
    assert_eq!(e.code, "compare_full");
    let panes = chat.core.compare_panes(&first.id).await.unwrap();
    assert_eq!(panes.len(), 4);
    // From any pane: the group is the same one, so the limit holds from there too.
    assert_eq!(chat.core.add_compare_pane(&panes[2].id, None).await.unwrap_err().code, "compare_full");
    assert_eq!(chat.core.list_conversations().await.unwrap().len(), 4, "a refused pane adds no conversation");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_panes_keeps_their_conversations_and_a_last_pane_stands_alone() {
    let chat = EchoChat::start().await;
    let first = chat.core.create_conversation(None).await.unwrap();
    let second = chat.core.add_compare_pane(&first.id, None).await.unwrap();
    let third = chat.core.add_compare_pane(&second.id, None).await.unwrap();
    assert_eq!(third.compare_group.as_deref(), Some(first.id.as_str()), "a pane added from a pane joins its compare");

    chat.core.leave_compare(&second.id).await.unwrap();
    let left = chat.core.compare_panes(&first.id).await.unwrap();
    assert_eq!(left.iter().map(|c| c.id.clone()).collect::<Vec<_>>(), [first.id.clone(), third.id.clone()]);
    assert_eq!(chat.core.compare_panes(&second.id).await.unwrap()[0].compare_group, None);

    chat.core.leave_compare(&third.id).await.unwrap();
    let alone = chat.core.compare_panes(&first.id).await.unwrap();
    assert_eq!((alone.len(), alone[0].compare_group.clone()), (1, None), "one pane left is no compare");
    assert_eq!(chat.core.list_conversations().await.unwrap().len(), 3, "closing a pane deletes nothing");
    chat.core.leave_compare(&first.id).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn continue_alone_ends_the_compare_for_every_pane() {
    let chat = EchoChat::start().await;
    let first = chat.core.create_conversation(None).await.unwrap();
    let second = chat.core.add_compare_pane(&first.id, None).await.unwrap();
    let third = chat.core.add_compare_pane(&first.id, None).await.unwrap();
    chat.core.end_compare(&second.id).await.unwrap();
    for id in [&first.id, &second.id, &third.id] {
        assert_eq!(chat.core.compare_panes(id).await.unwrap().len(), 1, "{id} is on its own");
    }
    chat.core.end_compare(&first.id).await.unwrap();
    assert_eq!(chat.core.list_conversations().await.unwrap().len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_one_of_two_panes_leaves_the_other_alone() {
    let chat = EchoChat::start().await;
    let first = chat.core.create_conversation(None).await.unwrap();
    let second = chat.core.add_compare_pane(&first.id, None).await.unwrap();
    chat.core.delete_conversation(&first.id).await.unwrap();
    let rest = chat.core.list_conversations().await.unwrap();
    assert_eq!(rest.iter().map(|c| (c.id.clone(), c.compare_group.clone())).collect::<Vec<_>>(), [(second.id, None)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_pane_is_added_while_a_question_waits_in_the_queue() {
    let chat = EchoChat::start().await;
    let first = chat.core.create_conversation(None).await.unwrap();
    let later = SendMessage { later: true, ..chat.turn(&first.id, "later", TurnPlace::Next) };
    let queued = chat.core.send_message(later, &|_| {}).await.unwrap();
    assert_eq!(queued.status, MessageStatus::Queued);
    let e = chat.core.add_compare_pane(&first.id, None).await.unwrap_err();
    assert_eq!(e.code, "conversation_busy");
    assert_eq!(chat.core.list_conversations().await.unwrap().len(), 1);
    assert_eq!(chat.core.compare_panes(&first.id).await.unwrap()[0].compare_group, None, "nor is a group begun");
    assert_eq!(chat.core.add_compare_pane("nope", None).await.unwrap_err().code, "conversation_not_found");
    assert_eq!(chat.core.leave_compare("nope").await.unwrap_err().code, "conversation_not_found");
    assert_eq!(chat.core.end_compare("nope").await.unwrap_err().code, "conversation_not_found");
}
