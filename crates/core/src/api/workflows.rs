//! Workflows: documents kept with their revision, validation against the providers and routes that exist, runs
//! through the engine with this Core as its services (every LLM node's call goes through the one door).

use std::collections::HashMap;

use futures::StreamExt;
use tokio_util::sync::CancellationToken;

use crate::chat::ChatTarget;
use crate::error::{Error, Result};
use crate::ir::StreamChunk;
use crate::pipeline::{Call, Destination};
use crate::secrets::Secret;
use crate::store::{new_id, now_ms, workflows as table};
use crate::workflow::executor::{self, RunSpec, Sink};
use crate::workflow::run_context::{LlmAnswer, LlmCall, Services};
use crate::workflow::{
    NodeConfig, Problem, ProblemCode, RunDetail, RunEvent, RunStatus, RunWorkflow, SaveWorkflow, Workflow, WorkflowDoc,
    WorkflowRun, WorkflowSummary,
};
use crate::Core;

/// How many runs of one workflow the history lists.
const RUN_HISTORY: u32 = 50;

fn secret_account(name: &str) -> String {
    format!("workflow-secret:{name}")
}

impl Core {
    pub async fn list_workflows(&self) -> Result<Vec<WorkflowSummary>> {
        self.store().call(|c| table::list(c)).await
    }

    pub async fn create_workflow(&self, name: &str) -> Result<Workflow> {
        self.insert_workflow(name, WorkflowDoc::default()).await
    }

    async fn insert_workflow(&self, name: &str, doc: WorkflowDoc) -> Result<Workflow> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid("workflow_name_empty", "A workflow needs a name."));
        }
        let now = now_ms();
        let w =
            Workflow { id: new_id(), name: name.to_owned(), revision: 1, doc, created_at_ms: now, updated_at_ms: now };
        let row = w.clone();
        self.store()
            .call(move |c| {
                let tx = c.transaction()?;
                table::insert(&tx, &row)?;
                Ok(tx.commit()?)
            })
            .await?;
        Ok(w)
    }

    pub async fn get_workflow(&self, id: &str) -> Result<Workflow> {
        let id = id.to_owned();
        self.store().call(move |c| table::get(c, &id)).await
    }

    /// Refused with `conflict` unless `base_revision` is the stored revision.
    pub async fn save_workflow(&self, save: SaveWorkflow) -> Result<Workflow> {
        self.store().call(move |c| table::save(c, &save.id, save.base_revision, &save.doc, now_ms())).await
    }

    pub async fn rename_workflow(&self, id: &str, name: &str) -> Result<Workflow> {
        let (id, name) = (id.to_owned(), name.trim().to_owned());
        if name.is_empty() {
            return Err(Error::invalid("workflow_name_empty", "A workflow needs a name."));
        }
        self.store().call(move |c| table::rename(c, &id, &name, now_ms())).await
    }

    /// A copy of the document under a new name (the window names it in the person's language); its runs stay
    /// with the original.
    pub async fn duplicate_workflow(&self, id: &str, name: &str) -> Result<Workflow> {
        let original = self.get_workflow(id).await?;
        self.insert_workflow(name, original.doc).await
    }

    pub async fn delete_workflow(&self, id: &str) -> Result<()> {
        let id = id.to_owned();
        self.store().call(move |c| table::delete(c, &id)).await
    }

    /// The document's problems, and every LLM node whose provider, model or route does not exist.
    pub async fn validate_workflow(&self, doc: &WorkflowDoc) -> Result<Vec<Problem>> {
        let mut problems = crate::workflow::validate(doc);
        let providers = self.list_providers().await?;
        let routes = self.list_routes().await?;
        for node in &doc.nodes {
            let NodeConfig::Llm(llm) = &node.config else { continue };
            let missing = match &llm.target {
                Some(ChatTarget::Model { provider_id, model }) if !model.trim().is_empty() => {
                    (!providers.iter().any(|p| &p.id == provider_id)).then(|| provider_id.clone())
                }
                Some(ChatTarget::Route { name }) if !name.trim().is_empty() => {
                    (!routes.iter().any(|r| &r.name == name)).then(|| name.clone())
                }
                _ => None,
            };
            if let Some(subject) = missing {
                problems.push(Problem::on_node(
                    ProblemCode::MissingModel,
                    &node.id,
                    subject,
                    "the node's provider or route no longer exists",
                ));
            }
        }
        Ok(problems)
    }

    /// Runs the workflow's saved document; `sink` sees every event. Resolves with the finished run (succeeded,
    /// failed or cancelled); refused before it starts when the document has problems.
    pub async fn run_workflow(&self, input: RunWorkflow, sink: Sink<'_>) -> Result<WorkflowRun> {
        let workflow = self.get_workflow(&input.workflow_id).await?;
        if let Some(first) = self.validate_workflow(&workflow.doc).await?.into_iter().next() {
            return Err(Error::invalid("workflow_invalid", format!("The workflow cannot run: {}.", first.message)));
        }
        let (base_run_id, base, forced) = self.reuse_for(&input, &workflow).await?;
        let cancel = self.register_request(&input.run_id)?;
        let run = WorkflowRun {
            id: input.run_id.clone(),
            workflow_id: workflow.id.clone(),
            revision: workflow.revision,
            status: RunStatus::Running,
            inputs: input.inputs.clone(),
            outputs: serde_json::Value::Null,
            error: None,
            from_node: input.from_node.clone(),
            base_run_id: base_run_id.clone(),
            started_at_ms: now_ms(),
            ended_at_ms: None,
            input_tokens: 0,
            output_tokens: 0,
            cost_usd_micros: 0,
            doc_hash: Some(crate::workflow::canonical::doc_hash(&workflow.doc)),
            version_id: None,
        };
        let outcome = async {
            let (mut row, doc) = (run.clone(), workflow.doc.clone());
            let run = self
                .store()
                .call(move |c| {
                    let hash = row.doc_hash.as_deref().unwrap_or_default();
                    row.version_id = crate::store::workflow_history::version_with_doc(c, &row.workflow_id, hash)?;
                    table::insert_run(c, &row, &doc)?;
                    Ok(row)
                })
                .await?;
            sink(RunEvent::Started { run: run.clone() });
            let spec = RunSpec {
                workflow_id: workflow.id.clone(),
                run_id: run.id.clone(),
                doc: workflow.doc.clone(),
                inputs: input.inputs.clone(),
                forced,
                base,
                base_run_id,
                parallelism: self.get_settings().await?.workflow_parallelism as usize,
            };
            let done = executor::execute(&spec, &WorkflowServices(self), sink, cancel).await;
            let finished = WorkflowRun {
                status: done.status,
                outputs: done.outputs,
                error: done.error,
                ended_at_ms: Some(now_ms()),
                input_tokens: done.nodes.iter().map(|n| n.input_tokens).sum(),
                output_tokens: done.nodes.iter().map(|n| n.output_tokens).sum(),
                cost_usd_micros: done.nodes.iter().map(|n| n.cost_usd_micros).sum(),
                ..run.clone()
            };
            let (row, nodes) = (finished.clone(), done.nodes);
            self.store().call(move |c| table::finish_run(c, &row, &nodes)).await?;
            sink(RunEvent::Finished { run: finished.clone() });
            Ok(finished)
        }
        .await;
        self.unregister_request(&input.run_id);
        outcome
    }

    /// For "run from here": the base run's records and which nodes must run again.
    async fn reuse_for(&self, input: &RunWorkflow, workflow: &Workflow) -> Result<ReuseFrom> {
        let Some(from) = &input.from_node else { return Ok((None, HashMap::new(), None)) };
        if workflow.doc.node(from).is_none() {
            return Err(Error::not_found("workflow_node", from));
        }
        let base_id = match &input.base_run_id {
            Some(id) => Some(id.clone()),
            None => {
                let wid = workflow.id.clone();
                self.store().call(move |c| table::latest_run_id(c, &wid)).await?
            }
        };
        let mut base = HashMap::new();
        if let Some(id) = &base_id {
            let id = id.clone();
            let detail = self.store().call(move |c| table::run_detail(c, &id)).await?;
            if detail.run.workflow_id != workflow.id {
                return Err(Error::invalid("workflow_run_mismatch", "That run belongs to another workflow."));
            }
            base = detail.nodes.into_iter().map(|n| ((n.node_id.clone(), n.scope.clone()), n)).collect();
        }
        Ok((base_id, base, Some(executor::forced_from(&workflow.doc, from))))
    }

    pub fn cancel_workflow_run(&self, run_id: &str) -> bool {
        self.cancel(run_id)
    }

    pub async fn list_workflow_runs(&self, workflow_id: &str) -> Result<Vec<WorkflowRun>> {
        let id = workflow_id.to_owned();
        self.store().call(move |c| table::list_runs(c, &id, RUN_HISTORY)).await
    }

    pub async fn get_workflow_run(&self, run_id: &str) -> Result<RunDetail> {
        let id = run_id.to_owned();
        self.store().call(move |c| table::run_detail(c, &id)).await
    }

    pub async fn list_workflow_secrets(&self) -> Result<Vec<String>> {
        self.store().call(|c| table::secret_names(c)).await
    }

    /// Keeps the value in the keychain and only the name in the database.
    pub async fn set_workflow_secret(&self, name: &str, value: &str) -> Result<()> {
        let name = name.trim().to_owned();
        if name.is_empty() || value.is_empty() {
            return Err(Error::invalid("workflow_secret_empty", "A secret needs a name and a value."));
        }
        self.secrets.set(&secret_account(&name), &Secret::new(value.to_owned()))?;
        self.store().call(move |c| table::add_secret_name(c, &name, now_ms())).await
    }

    pub async fn delete_workflow_secret(&self, name: &str) -> Result<()> {
        self.secrets.delete(&secret_account(name))?;
        let name = name.to_owned();
        self.store().call(move |c| table::delete_secret_name(c, &name)).await.map(|_| ())
    }
}

type ReuseFrom =
    (Option<String>, HashMap<(String, String), crate::workflow::NodeRun>, Option<std::collections::HashSet<String>>);

/// The engine's services over this Core.
struct WorkflowServices<'a>(&'a Core);

#[async_trait::async_trait]
impl Services for WorkflowServices<'_> {
    async fn llm(
        &self,
        call: LlmCall,
        on_delta: &(dyn Fn(String) + Send + Sync),
        cancel: &CancellationToken,
    ) -> Result<LlmAnswer> {
        let core = self.0;
        let call = Call { retries: Some(0), ..Call::new(Destination::Chat(call.target), call.request, call.origin) };
        let (trace_id, started) = (call.trace_id.clone(), call.started);
        let mut answer = LlmAnswer { trace_id: trace_id.clone(), ..Default::default() };
        let read = async {
            let (mut stream, _served) = core.stream(call).await?;
            while let Some(chunk) = stream.next().await {
                match chunk? {
                    StreamChunk::TextDelta(text) => {
                        answer.first_token_ms.get_or_insert(started.elapsed().as_millis() as i64);
                        answer.text.push_str(&text);
                        on_delta(text);
                    }
                    StreamChunk::Usage(usage) => answer.usage = usage,
                    _ => {}
                }
            }
            Ok::<_, Error>(())
        };
        // Dropping the stream on cancel ends the upstream call; the meter records it as cancelled.
        let outcome = tokio::select! {
            _ = cancel.cancelled() => Err(Error::cancelled()),
            read = read => read,
        };
        outcome.map_err(|e| e.with_trace(&trace_id))?;
        // The meter wrote the call's row when its stream ended; the cost is read back once it is in the database.
        core.flush_ledger().await;
        let trace = trace_id.clone();
        answer.cost_usd_micros = core.store().call(move |c| crate::store::ledger::usd_cost_of_trace(c, &trace)).await?;
        Ok(answer)
    }

    fn http(&self) -> reqwest::Client {
        self.0.http.clone()
    }

    async fn secret(&self, name: &str) -> Result<String> {
        match self.0.secrets.get(&secret_account(name))? {
            Some(value) => Ok(value.expose().clone()),
            None => Err(Error::not_found("workflow_secret", name)),
        }
    }
}
