//! The process the queue's crash test kills: it opens the data dir, starts the queue (recovering what the last one
//! left), sends a few messages into two new conversations and prints `ack <text>` for each the outbox accepted.
//! Usage: switchyard-queue-crash-child <data dir> <upstream base url> <label> <messages>

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use switchyard_core::chat::{ChatEvent, ChatTarget, SendMessage};
use switchyard_core::providers::registry::ProviderInput;
use switchyard_core::queue::QueueConfig;
use switchyard_core::{Core, CoreConfig};

const PROVIDER: &str = "crash-upstream";

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, dir, upstream, label, count] = &args[..] else {
        eprintln!("usage: switchyard-queue-crash-child <data dir> <upstream> <label> <messages>");
        std::process::exit(2);
    };
    let queue = QueueConfig {
        parallel: 2,
        first_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(200),
        max_attempts: 100,
    };
    let config = CoreConfig {
        queue,
        ..CoreConfig::new(dir.into(), Arc::new(switchyard_core::secrets::MemorySecretStore::default()))
    };
    let core = Arc::new(Core::open(config).await.expect("open core"));
    let provider = match core.list_providers().await.unwrap().into_iter().find(|p| p.name == PROVIDER) {
        Some(p) => p,
        None => core
            .save_provider(ProviderInput {
                id: None,
                name: PROVIDER.into(),
                preset: "custom".into(),
                base_url: upstream.clone(),
                api_key: None,
                extra_headers: vec![],
                default_model: Some("m".into()),
            })
            .await
            .unwrap(),
    };
    core.start_queue().await.unwrap();
    // The kill is timed from here: on a loaded machine opening the data dir takes long and varies.
    println!("ready");
    let conversations =
        [core.create_conversation(None).await.unwrap().id, core.create_conversation(None).await.unwrap().id];
    let mut sends = Vec::new();
    for i in 0..count.parse::<usize>().unwrap() {
        let text = format!("{label}-{i}");
        let input = SendMessage {
            request_id: switchyard_core::store::new_id(),
            conversation_id: conversations[i % 2].clone(),
            pane_id: "crash".into(),
            target: ChatTarget::Model { provider_id: provider.id.clone(), model: "m".into() },
            text: text.clone(),
            cache: None,
            later: false,
            place: Default::default(),
        };
        let core = core.clone();
        sends.push(tokio::spawn(async move {
            let ack = move |e: ChatEvent| {
                if let ChatEvent::Started { .. } = e {
                    let mut out = std::io::stdout().lock();
                    let _ = writeln!(out, "ack {text}");
                    let _ = out.flush();
                }
            };
            core.send_message(input, &ack).await
        }));
    }
    for send in sends {
        send.await.unwrap().unwrap();
    }
    // Stay while the dispatcher drains what is left (it may be killed before).
    loop {
        let waiting = core.queue_status().await.unwrap().items;
        if waiting.iter().all(|i| i.state == switchyard_core::queue::ItemState::NeedsDecision) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    println!("idle");
}
