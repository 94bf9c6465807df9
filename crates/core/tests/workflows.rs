//! Workflows through `Core`: saved with revisions, run through the one door against a real HTTP upstream, retried,
//! cancelled, re-run from a node with no upstream call for what did not change.

mod support;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::capture::{Capture, Reply};
use support::open_core;
use support::priced::{fixed_usage_upstream, priced_provider, CALL_COST};
use support::workflow_run::run_workflow as run;
use switchyard_core::workflow::{NodeStatus, ProblemCode, RunEvent, RunStatus, RunWorkflow, SaveWorkflow, WorkflowDoc};
use switchyard_core::Core;

fn doc(value: Value) -> WorkflowDoc {
    serde_json::from_value(value).expect("a workflow document")
}

/// Start(topic) → LLM (the provider's model) → End(answer).
fn line(provider_id: &str, end_value: &str, policy: Value) -> WorkflowDoc {
    doc(json!({
        "nodes": [
            {"id": "start", "position": {"x": 0, "y": 0}, "config": {"kind": "start", "inputs": [{"name": "topic", "type": "string", "required": true}]}},
            {"id": "llm_1", "position": {"x": 200, "y": 0}, "policy": policy, "config": {"kind": "llm",
                "target": {"kind": "model", "provider_id": provider_id, "model": "m"}, "user": "Tell me about {{start.topic}}"}},
            {"id": "end", "position": {"x": 400, "y": 0}, "config": {"kind": "end", "outputs": [{"name": "answer", "value": end_value}]}}
        ],
        "edges": [
            {"id": "e1", "source": "start", "target": "llm_1"},
            {"id": "e2", "source": "llm_1", "target": "end"}
        ]
    }))
}

async fn saved(core: &Core, d: WorkflowDoc) -> String {
    let w = core.create_workflow("Demo").await.unwrap();
    core.save_workflow(SaveWorkflow { id: w.id.clone(), base_revision: w.revision, doc: d }).await.unwrap();
    w.id
}

#[tokio::test]
async fn a_run_calls_through_the_one_door_and_records_cost_and_the_node_s_origin() {
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path()).await;
    let upstream = fixed_usage_upstream();
    let provider = priced_provider(&core, &upstream, "Priced", "m").await;
    let id = saved(&core, line(&provider, "{{llm_1.text}}", json!({}))).await;

    let (first, events) = run(&core, &id, None).await;
    assert_eq!(first.status, RunStatus::Succeeded, "{:?}", first.error);
    assert_eq!(first.outputs, json!({"answer": "ok"}));
    assert_eq!((first.input_tokens, first.output_tokens, first.cost_usd_micros), (1, 1000, CALL_COST));
    assert_eq!(upstream.requests().len(), 1);
    assert_eq!(upstream.last().body["messages"][0]["content"], "Tell me about tea");
    assert!(matches!(events.first(), Some(RunEvent::Started { .. })));
    assert!(matches!(events.last(), Some(RunEvent::Finished { run }) if run.status == RunStatus::Succeeded));
    assert!(events
        .iter()
        .any(|e| matches!(e, RunEvent::NodeDelta { node_id, text, .. } if node_id == "llm_1" && text == "ok")));

    let detail = core.get_workflow_run(&first.id).await.unwrap();
    let node = detail.nodes.iter().find(|n| n.node_id == "llm_1").unwrap();
    assert_eq!((node.status, node.cost_usd_micros, node.output_tokens), (NodeStatus::Succeeded, CALL_COST, 1000));
    let trace = node.trace_id.clone().unwrap();
    let rows = core.usage_trace(&trace).await.unwrap();
    assert_eq!(rows.len(), 1, "the node's call has one ledger row");
    assert_eq!(rows[0].entry.origin, format!("workflow:{id}:llm_1"));
    assert_eq!(rows[0].entry.origin_kind, switchyard_core::OriginKind::Workflow);

    let listed = core.list_workflows().await.unwrap();
    assert_eq!((listed[0].node_count, listed[0].last_run), (3, Some(RunStatus::Succeeded)));
}

#[tokio::test]
async fn run_from_the_end_after_changing_it_makes_no_upstream_call() {
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path()).await;
    let upstream = fixed_usage_upstream();
    let provider = priced_provider(&core, &upstream, "Priced", "m").await;
    let id = saved(&core, line(&provider, "{{llm_1.text}}", json!({}))).await;
    let (first, _) = run(&core, &id, None).await;
    assert_eq!(upstream.requests().len(), 1);

    let w = core.get_workflow(&id).await.unwrap();
    let changed = line(&provider, "Answer: {{llm_1.text}}", json!({}));
    core.save_workflow(SaveWorkflow { id: id.clone(), base_revision: w.revision, doc: changed }).await.unwrap();
    let (again, _) = run(&core, &id, Some("end")).await;
    assert_eq!(upstream.requests().len(), 1, "the unchanged LLM node reused its record");
    assert_eq!(again.outputs, json!({"answer": "Answer: ok"}));
    assert_eq!((again.cost_usd_micros, again.base_run_id.as_deref()), (0, Some(first.id.as_str())));
    let detail = core.get_workflow_run(&again.id).await.unwrap();
    let llm = detail.nodes.iter().find(|n| n.node_id == "llm_1").unwrap();
    assert_eq!((llm.status, llm.reused_from.as_deref()), (NodeStatus::Reused, Some(first.id.as_str())));

    run(&core, &id, Some("llm_1")).await;
    assert_eq!(upstream.requests().len(), 2, "running from the LLM node calls it again");
    run(&core, &id, None).await;
    assert_eq!(upstream.requests().len(), 3, "a plain run reuses nothing");
}

#[tokio::test]
async fn a_node_failing_n_times_with_n_retries_makes_n_plus_one_upstream_calls_through_the_router() {
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path()).await;
    let failures = Arc::new(AtomicU32::new(3));
    let left = failures.clone();
    let fine = fixed_usage_upstream();
    let upstream = Capture::start(move |_| {
        if left.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok() {
            Reply { status: 503, content_type: "application/json", body: r#"{"error":{"message":"busy"}}"#.into() }
        } else {
            Reply::sse(
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"done\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n",
            )
        }
    });
    drop(fine);
    let provider = priced_provider(&core, &upstream, "Flaky", "m").await;
    let policy = json!({"retry": {"max_retries": 3, "backoff_ms": 1, "on": ["server_error"]}});
    let id = saved(&core, line(&provider, "{{llm_1.text}}", policy)).await;
    let (outcome, _) = run(&core, &id, None).await;
    assert_eq!(outcome.status, RunStatus::Succeeded, "{:?}", outcome.error);
    assert_eq!(upstream.requests().len(), 4, "3 failures + 1 answer; the router adds no retries of its own");
    let detail = core.get_workflow_run(&outcome.id).await.unwrap();
    assert_eq!(detail.nodes.iter().find(|n| n.node_id == "llm_1").unwrap().attempts, 4);
}

#[tokio::test]
async fn cancel_ends_a_run_waiting_on_its_provider_within_200_ms() {
    let dir = tempfile::tempdir().unwrap();
    let core = Arc::new(open_core(dir.path()).await);
    let upstream = Capture::start(|_| {
        std::thread::sleep(Duration::from_secs(5));
        Reply::json("{}")
    });
    let provider = priced_provider(&core, &upstream, "Slow", "m").await;
    let id = saved(&core, line(&provider, "{{llm_1.text}}", json!({}))).await;
    let run_id = "run-to-cancel".to_owned();
    let cancelled_at = Mutex::new(None);
    let stopped_after = Mutex::new(None);
    let sink = |e: RunEvent| match &e {
        RunEvent::NodeStarted { node_id, .. } if node_id == "llm_1" => {
            *cancelled_at.lock().unwrap() = Some(Instant::now());
            assert!(core.cancel_workflow_run("run-to-cancel"));
        }
        RunEvent::NodeFinished { node } if node.node_id == "llm_1" => {
            *stopped_after.lock().unwrap() = cancelled_at.lock().unwrap().map(|at| at.elapsed());
        }
        _ => {}
    };
    let input = RunWorkflow {
        run_id: run_id.clone(),
        workflow_id: id.clone(),
        inputs: json!({"topic": "tea"}),
        from_node: None,
        base_run_id: None,
    };
    let outcome = core.run_workflow(input, &sink).await.unwrap();
    let waited = stopped_after.lock().unwrap().expect("the LLM node started and finished");
    assert!(waited < Duration::from_millis(200), "the node stopped {waited:?} after the cancel");
    assert_eq!(outcome.status, RunStatus::Cancelled);
    let detail = core.get_workflow_run(&run_id).await.unwrap();
    let status = |n: &str| detail.nodes.iter().find(|r| r.node_id == n).unwrap().status;
    assert_eq!(
        (status("start"), status("llm_1"), status("end")),
        (NodeStatus::Succeeded, NodeStatus::Cancelled, NodeStatus::Cancelled)
    );
    assert!(!core.cancel_workflow_run(&run_id), "a finished run is no longer cancellable");
}

#[tokio::test]
async fn a_save_from_a_stale_revision_is_refused_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path()).await;
    let w = core.create_workflow("  Mine ").await.unwrap();
    assert_eq!((w.name.as_str(), w.revision), ("Mine", 1));
    let first = line("p", "one", json!({}));
    let saved =
        core.save_workflow(SaveWorkflow { id: w.id.clone(), base_revision: 1, doc: first.clone() }).await.unwrap();
    assert_eq!(saved.revision, 2);
    let stale = core
        .save_workflow(SaveWorkflow { id: w.id.clone(), base_revision: 1, doc: WorkflowDoc::default() })
        .await
        .unwrap_err();
    assert_eq!(stale.code, "conflict");
    assert_eq!(core.get_workflow(&w.id).await.unwrap().doc, first, "the newer edits are kept");
    let missing =
        core.save_workflow(SaveWorkflow { id: "nope".into(), base_revision: 1, doc: first }).await.unwrap_err();
    assert_eq!(missing.code, "workflow_not_found");

    let copy = core.duplicate_workflow(&w.id, "Mine (copy)").await.unwrap();
    assert_eq!((copy.name.as_str(), copy.revision, copy.doc.nodes.len()), ("Mine (copy)", 1, 3));
    assert_ne!(copy.id, w.id);
    let renamed = core.rename_workflow(&copy.id, "Other").await.unwrap();
    assert_eq!(renamed.name, "Other");
    assert_eq!(core.rename_workflow(&copy.id, " ").await.unwrap_err().code, "workflow_name_empty");
    assert_eq!(core.create_workflow("").await.unwrap_err().code, "workflow_name_empty");
    core.delete_workflow(&copy.id).await.unwrap();
    assert_eq!(core.list_workflows().await.unwrap().len(), 1);
    assert_eq!(core.delete_workflow(&copy.id).await.unwrap_err().code, "workflow_not_found");
}

#[tokio::test]
async fn a_workflow_with_problems_or_a_vanished_provider_does_not_run() {
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path()).await;
    let id = saved(&core, line("no-such-provider", "{{llm_1.text}}", json!({}))).await;
    let problems = core.validate_workflow(&core.get_workflow(&id).await.unwrap().doc).await.unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].code, problems[0].node_id.as_deref()), (ProblemCode::MissingModel, Some("llm_1")));
    let sink = |_: RunEvent| {};
    let input = RunWorkflow {
        run_id: "r".into(),
        workflow_id: id.clone(),
        inputs: json!({}),
        from_node: None,
        base_run_id: None,
    };
    assert_eq!(core.run_workflow(input, &sink).await.unwrap_err().code, "workflow_invalid");
    assert!(core.list_workflow_runs(&id).await.unwrap().is_empty(), "nothing was recorded");
}

#[tokio::test]
async fn an_http_node_sends_a_keychain_secret_that_its_record_never_holds() {
    let dir = tempfile::tempdir().unwrap();
    let core = open_core(dir.path()).await;
    let api = Capture::start(|_| Reply::json(r#"{"items": [{"name": "first"}, {"name": "second"}]}"#));
    core.set_workflow_secret("crm", "s3cret-value").await.unwrap();
    assert_eq!(core.list_workflow_secrets().await.unwrap(), ["crm"]);
    let d = doc(json!({
        "nodes": [
            {"id": "start", "position": {"x": 0, "y": 0}, "config": {"kind": "start", "inputs": [{"name": "topic", "type": "string"}]}},
            {"id": "http_1", "position": {"x": 0, "y": 0}, "config": {"kind": "http", "method": "POST",
                "url": format!("{}/search?q={{{{start.topic}}}}", api.base_url),
                "headers": [{"name": "Authorization", "value": "crm", "secret": true}, {"name": "X-Topic", "value": "{{start.topic}}"}],
                "body": "{\"q\": \"{{start.topic}}\"}"}},
            {"id": "pick", "position": {"x": 0, "y": 0}, "config": {"kind": "extract", "source": "http_1.json", "mode": "json_path", "pattern": "$.items[*].name"}},
            {"id": "end", "position": {"x": 0, "y": 0}, "config": {"kind": "end", "outputs": [{"name": "names", "value": "{{pick.value}}"}, {"name": "status", "value": "{{http_1.status}}"}]}}
        ],
        "edges": [
            {"id": "e1", "source": "start", "target": "http_1"},
            {"id": "e2", "source": "http_1", "target": "pick"},
            {"id": "e3", "source": "pick", "target": "end"}
        ]
    }));
    let id = saved(&core, d).await;
    let (outcome, _) = run(&core, &id, None).await;
    assert_eq!(outcome.status, RunStatus::Succeeded, "{:?}", outcome.error);
    assert_eq!(outcome.outputs, json!({"names": ["first", "second"], "status": 200}));
    let sent = api.last();
    assert_eq!((sent.header("authorization"), sent.header("x-topic")), (Some("s3cret-value"), Some("tea")));
    assert_eq!((sent.path.as_str(), sent.body["q"].as_str()), ("/v1/search?q=tea", Some("tea")));
    let detail = core.get_workflow_run(&outcome.id).await.unwrap();
    let stored = serde_json::to_string(&detail).unwrap();
    assert!(!stored.contains("s3cret-value"), "the secret's value never enters a record");
    assert!(stored.contains("secret:crm"));
    core.delete_workflow_secret("crm").await.unwrap();
    let (gone, _) = run(&core, &id, None).await;
    assert_eq!((gone.status, gone.error.unwrap().code.as_str()), (RunStatus::Failed, "workflow_secret_not_found"));
    assert_eq!(core.set_workflow_secret("x", "").await.unwrap_err().code, "workflow_secret_empty");
}

#[tokio::test]
async fn a_run_left_running_by_a_crash_is_interrupted_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let core = open_core(dir.path()).await;
        saved(&core, line("p", "x", json!({}))).await
    };
    {
        let conn = rusqlite::Connection::open(dir.path().join(switchyard_core::store::DB_FILE)).unwrap();
        conn.execute(
            "INSERT INTO workflow_runs (id, workflow_id, revision, doc, status, inputs, outputs, started_at)
             VALUES ('crashed', ?1, 2, '{}', 'running', '{}', 'null', 1)",
            [&id],
        )
        .unwrap();
    }
    let core = open_core(dir.path()).await;
    let runs = core.list_workflow_runs(&id).await.unwrap();
    assert_eq!((runs.len(), runs[0].status), (1, RunStatus::Interrupted));
    assert!(runs[0].ended_at_ms.is_some());
}
