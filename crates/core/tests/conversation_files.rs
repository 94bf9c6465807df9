//! Search across conversations (Chinese and English, every branch) and a conversation as a file: exported as
//! Markdown and JSON, the JSON imported back whole, a bad file refused with nothing added.

mod support;

use std::ops::Deref;

use support::echo_chat::EchoChat;
use switchyard_core::chat::transfer::ConversationFormat;
use switchyard_core::chat::TurnPlace;
use switchyard_core::store::message_search::SearchHit;
use switchyard_core::store::messages::MessageRecord;

struct Chats(EchoChat);

impl Deref for Chats {
    type Target = EchoChat;
    fn deref(&self) -> &EchoChat {
        &self.0
    }
}

impl Chats {
    async fn start() -> Self {
        Chats(EchoChat::start().await)
    }

    async fn conversation(&self, turns: &[&str]) -> String {
        let id = self.core.create_conversation(None).await.unwrap().id;
        for text in turns {
            self.send(&id, text, TurnPlace::Next).await;
        }
        id
    }

    async fn found(&self, query: &str) -> Vec<String> {
        hits_text(&self.core.search_messages(query, 50).await.unwrap())
    }
}

/// Each hit's whole snippet, with its matches in [brackets].
fn hits_text(hits: &[SearchHit]) -> Vec<String> {
    hits.iter()
        .map(|h| h.snippet.iter().map(|p| if p.hit { format!("[{}]", p.text) } else { p.text.clone() }).collect())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_finds_chinese_and_english_words_in_every_conversation_and_branch() {
    let chats = Chats::start().await;
    let zh = chats.conversation(&["今天天气很好，我们去公园吧"]).await;
    let en = chats.conversation(&["The night FREIGHT rolled through", "signals changed"]).await;

    assert_eq!(
        chats.found("天气").await,
        ["answer: 今天[天气]很好，我们去公园吧", "今天[天气]很好，我们去公园吧"],
        "two characters"
    );
    assert_eq!(chats.found("公园吧").await.len(), 2, "three characters, through the index");
    assert_eq!(
        chats.found("freight").await,
        ["answer: The night [FREIGHT] rolled through", "The night [FREIGHT] rolled through"]
    );
    assert_eq!(chats.found("night rolled").await.len(), 2, "every word, anywhere");
    assert!(chats.found("night 天气").await.is_empty(), "every word, in one message");
    assert!(chats.found("100% _x_ \"quoted\"").await.is_empty(), "wildcards and quotes are only text");
    let hits = chats.core.search_messages("signals", 50).await.unwrap();
    assert_eq!(hits[0].conversation_id, en);
    assert_eq!(hits[0].conversation_title, "The night FREIGHT rolled through");
    assert_eq!(hits[0].role, switchyard_core::ir::Role::Assistant, "the newest first");

    // An answer on another branch is found too; one deleted is not.
    let question = chats.core.list_messages(&zh).await.unwrap().remove(0);
    let again = chats.send(&zh, "", TurnPlace::Regenerate { question_id: question.id.clone() }).await;
    let first = &chats.core.list_messages(&zh).await.unwrap()[1].siblings[0];
    assert_ne!(first, &again.id);
    chats.core.delete_message(&again.id).await.unwrap();
    assert_eq!(chats.found("天气").await.len(), 2, "the deleted answer is gone from the index");
    let e = chats.core.search_messages("   ", 50).await.unwrap_err();
    assert_eq!(e.code, "search_query_required");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exported_conversation_imports_back_with_every_branch_and_a_bad_file_adds_nothing() {
    let chats = Chats::start().await;
    let id = chats.conversation(&["one", "two"]).await;
    let two = chats.core.list_messages(&id).await.unwrap()[2].clone();
    chats.send(&id, "", TurnPlace::Regenerate { question_id: two.id.clone() }).await;
    let shown = chats.core.list_messages(&id).await.unwrap();
    let exports = chats.dir.path().join("exports");

    let md = chats.core.export_conversation(&id, ConversationFormat::Markdown, &exports).await.unwrap();
    let md = std::fs::read_to_string(md).unwrap();
    assert!(md.starts_with("# one\n"), "{md}");
    assert_eq!(md.matches("## You").count(), 2, "the branch shown: {md}");
    assert_eq!(md.matches("answer: two").count(), 1, "one answer to two, the one shown: {md}");

    let json = chats.core.export_conversation(&id, ConversationFormat::Json, &exports).await.unwrap();
    let json = std::fs::read_to_string(json).unwrap();
    let imported = chats.core.import_conversation(&json).await.unwrap();
    assert_ne!(imported.id, id);
    assert_eq!(imported.title, "one");
    assert_eq!(
        imported.target,
        chats.core.list_conversations().await.unwrap().iter().find(|c| c.id == id).unwrap().target
    );
    let back = chats.core.list_messages(&imported.id).await.unwrap();
    let texts = |m: &[MessageRecord]| m.iter().map(|m| m.content.clone()).collect::<Vec<_>>();
    assert_eq!(texts(&back), texts(&shown), "the same branch shown");
    assert_eq!(back[3].siblings.len(), 2, "the other answer came too");
    assert!(back.iter().all(|m| !shown.iter().any(|s| s.id == m.id)), "new ids: the original is untouched");
    let other = chats.core.switch_branch(&back[3].siblings[0]).await.unwrap();
    assert_eq!(other[3].content, "answer: two");
    chats.core.import_conversation(&json).await.unwrap();
    assert_eq!(chats.core.list_conversations().await.unwrap().len(), 3, "importing twice makes two");

    let file: serde_json::Value = serde_json::from_str(&json).unwrap();
    let with = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = file.clone();
        f(&mut v);
        v.to_string()
    };
    let bad = [
        "not json".to_owned(),
        with(&|v| v["format"] = "something.else".into()),
        with(&|v| v["version"] = 99.into()),
        with(&|v| v["messages"][0]["parent_id"] = "nowhere".into()),
        with(&|v| v["messages"][1]["id"] = v["messages"][0]["id"].clone()),
        with(&|v| v["active_leaf_id"] = "nowhere".into()),
        with(&|v| v["messages"][0]["role"] = "system".into()),
    ];
    for text in bad {
        let e = chats.core.import_conversation(&text).await.unwrap_err();
        assert_eq!(e.code, "conversation_file_invalid", "{text}");
    }
    assert_eq!(chats.core.list_conversations().await.unwrap().len(), 3, "a refused file adds nothing");
}
