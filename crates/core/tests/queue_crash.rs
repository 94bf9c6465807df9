//! The queue under SIGKILL, with real processes: a child sends messages through the outbox and is killed at a random
//! moment, cycle after cycle, over one data dir. Afterwards every acknowledged message is there exactly once, none
//! was sent upstream twice (the upstream counts requests per idempotency key), and the ones cut while sending wait
//! for a decision. `QUEUE_CRASH_CYCLES` and `QUEUE_CRASH_SEED` replay a run.

mod support;

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use support::capture::Capture;
use support::queue::{echo, question, until};
use switchyard_core::ir::Role;
use switchyard_core::queue::ItemState;
use switchyard_core::store::messages::MessageStatus;

const MESSAGES_PER_CYCLE: usize = 3;

#[test]
fn killed_at_random_points_the_queue_loses_nothing_and_sends_nothing_twice() {
    let cycles: usize = std::env::var("QUEUE_CRASH_CYCLES").ok().and_then(|v| v.parse().ok()).unwrap_or(100);
    let seed: u64 =
        std::env::var("QUEUE_CRASH_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| fastrand::u64(..));
    println!("QUEUE_CRASH_SEED={seed} QUEUE_CRASH_CYCLES={cycles}");
    let mut rng = fastrand::Rng::with_seed(seed);

    // key -> questions asked under it; answers take 0–60 ms so kills land mid-send too.
    let seen: Arc<Mutex<HashMap<String, Vec<String>>>> = Arc::default();
    let upstream = Capture::start({
        let (seen, delays) = (seen.clone(), Mutex::new(fastrand::Rng::with_seed(seed ^ 1)));
        move |req| {
            let key = req.header("idempotency-key").unwrap_or("none").to_owned();
            seen.lock().unwrap().entry(key).or_default().push(question(req));
            std::thread::sleep(Duration::from_millis(delays.lock().unwrap().u64(0..60)));
            echo(req)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let mut acked: Vec<String> = Vec::new();
    for cycle in 0..cycles {
        let mut child = Command::new(env!("CARGO_BIN_EXE_switchyard-queue-crash-child"))
            .arg(dir.path())
            .arg(&upstream.base_url)
            .arg(format!("c{cycle}"))
            .arg(MESSAGES_PER_CYCLE.to_string())
            .env("RUST_LOG", "off")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the crash child runs");
        let stdout = child.stdout.take().unwrap();
        let (ready, is_ready) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut acks = Vec::new();
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line == "ready" {
                    let _ = ready.send(());
                }
                if let Some(text) = line.strip_prefix("ack ") {
                    acks.push(text.to_owned());
                }
            }
            acks
        });
        // A kill at a random moment of the sending, whatever the start-up took: half of them in the first
        // milliseconds, while messages are being accepted.
        is_ready.recv_timeout(Duration::from_secs(60)).expect("the crash child opened its data dir");
        let at = if rng.bool() { rng.u64(0..20) } else { rng.u64(0..500) };
        std::thread::sleep(Duration::from_millis(at));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        acked.extend(reader.join().unwrap());
    }

    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        let core = Arc::new(support::open_core_with_queue(dir.path(), support::queue::fast()).await);
        core.start_queue().await.unwrap();
        // The person's decision for every cut turn: cancel (so the turns queued behind it in its conversation go).
        let cut: Vec<_> = core
            .queue_status()
            .await
            .unwrap()
            .items
            .into_iter()
            .filter(|i| i.state == ItemState::NeedsDecision)
            .collect();
        for item in &cut {
            core.cancel_queued(&item.id).await.unwrap();
        }
        until(Duration::from_secs(60), "the queue to drain", || {
            let core = core.clone();
            async move { core.queue_status().await.unwrap().items.is_empty().then_some(()) }
        })
        .await;

        let cut_texts: HashSet<String> = cut.iter().map(|i| i.text.clone()).collect();
        let cut_ids: HashSet<String> = cut.iter().map(|i| i.id.clone()).collect();
        let mut questions: HashMap<String, u32> = HashMap::new();
        let mut answers: HashMap<String, (MessageStatus, String)> = HashMap::new();
        for conversation in core.list_conversations().await.unwrap() {
            let messages = core.list_messages(&conversation.id).await.unwrap();
            for pair in messages.chunks(2) {
                assert_eq!((pair[0].role, pair[1].role), (Role::User, Role::Assistant), "question then answer");
                *questions.entry(pair[0].content.clone()).or_default() += 1;
                answers.insert(pair[0].content.clone(), (pair[1].status, pair[1].content.clone()));
            }
        }
        let seen = seen.lock().unwrap().clone();
        let duplicated: Vec<_> = seen.iter().filter(|(_, asked)| asked.len() > 1).collect();
        let mut asked_texts: HashMap<&str, u32> = HashMap::new();
        for text in seen.values().flatten() {
            *asked_texts.entry(text).or_default() += 1;
        }
        let lost: Vec<_> = acked.iter().filter(|t| questions.get(*t) != Some(&1)).collect();
        let unanswered: Vec<_> = acked
            .iter()
            .filter(|t| !cut_texts.contains(*t))
            .filter(|t| answers.get(*t) != Some(&(MessageStatus::Complete, format!("answer: {t}"))))
            .collect();
        let cut_upstream = cut_ids.iter().filter(|id| seen.contains_key(*id)).count();
        println!(
            "cycles {cycles}, acknowledged {}, answered {}, cut while sending {} ({} had reached the upstream), \
             lost {}, sent twice {}",
            acked.len(),
            acked.len() - cut_texts.iter().filter(|t| acked.contains(t)).count(),
            cut.len(),
            cut_upstream,
            lost.len(),
            duplicated.len()
        );
        assert!(acked.len() >= cycles / 2, "the kills left too few messages to test: {}", acked.len());
        assert!(lost.is_empty(), "acknowledged but not there exactly once: {lost:?}");
        assert!(duplicated.is_empty(), "sent twice under one key: {duplicated:?}");
        assert!(asked_texts.values().all(|n| *n == 1), "a question asked twice: {asked_texts:?}");
        assert!(unanswered.is_empty(), "acknowledged, not cut, yet not answered: {unanswered:?}");
        for item in &cut {
            let (status, _) = &answers[&item.text];
            assert_eq!(*status, MessageStatus::Interrupted, "a cut turn's answer is marked interrupted, not resent");
        }
        assert!(questions.values().all(|n| *n == 1), "every question is in the conversations once");
    });
}
