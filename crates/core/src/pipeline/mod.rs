//! The one door every call goes through — a chat pane, a gateway client, later a workflow node and the queue's
//! drain — and the one path it takes:
//!
//! route plan → response cache (policy, key; a hit is answered here) → coalesce identical calls in flight → per
//! target: budget reservation → router (breakers, strategy, retries, deadlines) → provider → meter → cache fill.
//!
//! The meter writes the call's ledger row; nothing else does.

mod cached;
mod plan;
mod reserve;

use std::time::Instant;

use futures::StreamExt;

pub use plan::Plan;

use crate::cache::{CacheDirective, CacheUse};
use crate::chat::ChatTarget;
use crate::cost::meter::{Meter, Metered};
use crate::error::Result;
use crate::ir::{ChatRequest, ChatResponse};
use crate::origin::Origin;
use crate::providers::ChunkStream;
use crate::router::execute::{self, Served};
use crate::router::{coalesce, coalesce_whole};
use crate::Core;

/// One call: where it goes, what it asks, who asks.
pub struct Call {
    pub to: Destination,
    pub request: ChatRequest,
    pub origin: Origin,
    pub trace_id: String,
    /// When the caller received the call; latency and first-token time count from here.
    pub started: Instant,
    /// The caller's choice for the response cache (the gateway's `x-switchyard-cache`).
    pub cache: CacheDirective,
    /// Whose cache: calls in different namespaces never share answers. None is the default namespace.
    pub namespace: Option<String>,
    /// The router's retries per target for this call; None: as configured. A workflow node retries by its own
    /// rule and asks for none here, so "3 retries" means 4 calls, not 4 × the router's.
    pub retries: Option<u32>,
}

/// What the caller named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// A route's name, or a model some provider offers (the gateway's `model` field).
    Named(String),
    /// A chat pane's choice: one provider's model, or a route.
    Chat(ChatTarget),
}

impl Destination {
    /// What the ledger calls the route of the call.
    pub fn label(&self) -> &str {
        match self {
            Destination::Named(name) => name,
            Destination::Chat(target) => target.label(),
        }
    }

    /// Identical calls share a flight only when they name the same destination the same way.
    fn flight_name(&self) -> String {
        match self {
            Destination::Named(name) | Destination::Chat(ChatTarget::Route { name }) => name.clone(),
            Destination::Chat(ChatTarget::Model { provider_id, model }) => format!("\u{0}{provider_id}\u{0}{model}"),
        }
    }
}

impl Call {
    pub fn new(to: Destination, request: ChatRequest, origin: Origin) -> Self {
        Self {
            to,
            request,
            origin,
            trace_id: crate::store::new_id(),
            started: Instant::now(),
            cache: CacheDirective::Default,
            namespace: None,
            retries: None,
        }
    }

    fn meter(&self, core: &Core) -> Meter {
        Meter::new(core.books.clone(), &self.origin, self.to.label(), &self.trace_id, self.started)
    }
}

impl Core {
    /// A streamed answer, returned once its first content has arrived (so a failure before any content is an
    /// error here, and the route could still fall back). The stream is metered: dropping it ends the call.
    pub async fn stream(&self, call: Call) -> Result<(ChunkStream, Served)> {
        self.books.ledger_health.admit()?;
        let mut meter = call.meter(self);
        let opened = async {
            self.admit_rate(&call)?;
            let plan = self.plan(&call.to).await?;
            let lookup = self.cache_lookup(&plan, &call);
            if let Some((answer, served)) = self.cache_hit(&lookup).await? {
                meter.hit(&served, true, answer.cost_usd_micros, answer.latency_ms);
                return Ok((cached::replay(&answer.response), served));
            }
            if lookup.decision.only {
                return Err(cached::cache_miss());
            }
            meter.cache(lookup.missed());
            let (stream, served) = match self.follow_whole(&lookup, &call).await {
                Some(shared) => shared?,
                None => self.stream_shared(&call, &plan, &lookup).await?,
            };
            meter.served(&served, true);
            Ok((stream, Served { cache: lookup.missed(), ..served }))
        }
        .await;
        match opened {
            Ok((stream, served)) => Ok((Metered::new(stream, meter).boxed(), served)),
            Err(e) => {
                meter.fail(&e);
                Err(e)
            }
        }
    }

    /// A gateway client's call counts against its access key's rate limits; a refusal is metered like any error.
    fn admit_rate(&self, call: &Call) -> Result<()> {
        match call.origin.access_key_id() {
            Some(key_id) => self.books.rate_limiter.admit(key_id),
            None => Ok(()),
        }
    }

    /// A whole answer. Identical calls in flight together share one upstream call (the sharers' `attempts` is 0).
    pub async fn complete(&self, call: Call) -> Result<(ChatResponse, Served)> {
        self.books.ledger_health.admit()?;
        let mut meter = call.meter(self);
        let outcome = async {
            self.admit_rate(&call)?;
            let plan = self.plan(&call.to).await?;
            let lookup = self.cache_lookup(&plan, &call);
            if let Some((answer, served)) = self.cache_hit(&lookup).await? {
                meter.hit(&served, false, answer.cost_usd_micros, answer.latency_ms);
                return Ok((answer.whole(), served, None));
            }
            if lookup.decision.only {
                return Err(cached::cache_miss());
            }
            meter.cache(lookup.missed());
            if let Some(shared) = self.follow_stream(&lookup, &call).await {
                let (answer, served) = shared?;
                return Ok((answer, Served { cache: lookup.missed(), ..served }, Some(lookup)));
            }
            let key = lookup.flight(&call, || coalesce::key(&call.to.flight_name(), &call.request));
            let made = || async {
                let (answer, served, hold) = self.along(&plan, &call, execute::completed).await?;
                self.settle_whole(hold, &answer, &served);
                Ok((answer, served))
            };
            let (answer, served) = match self.whole_coalescer.run(key, made).await {
                (outcome, coalesce_whole::Role::Made) => outcome,
                (outcome, coalesce_whole::Role::Shared) => outcome.map(|(r, s)| (r, Served { attempts: 0, ..s })),
            }?;
            Ok((answer, Served { cache: lookup.missed(), ..served }, Some(lookup)))
        }
        .await;
        match outcome {
            Ok((answer, served, lookup)) => {
                if served.cache != CacheUse::Hit {
                    meter.served(&served, false);
                }
                meter.answered(answer.usage);
                meter.finish(crate::store::ledger::CallStatus::Ok, None);
                if let (Some(lookup), Some(row)) = (lookup, meter.outcome()) {
                    self.keep_whole(&lookup, &answer, &served, row.cost_usd_micros, row.latency_ms);
                }
                Ok((answer, served))
            }
            Err(e) => {
                meter.fail(&e);
                Err(e)
            }
        }
    }

    /// Whether `requested` names a route or a model some provider offers.
    pub async fn knows_model(&self, requested: &str) -> Result<()> {
        self.plan(&Destination::Named(requested.to_owned())).await.map(|_| ())
    }

    async fn stream_shared(&self, call: &Call, plan: &Plan, lookup: &cached::Lookup) -> Result<(ChunkStream, Served)> {
        let key = lookup.flight(call, || coalesce::key(&call.to.flight_name(), &call.request));
        loop {
            match self.coalescer.join(key) {
                coalesce::Joined::Follower(sub) => match sub.opened().await {
                    Some(Ok(served)) => return Ok((coalesce::subscribe(sub), Served { attempts: 0, ..served })),
                    Some(Err(e)) => return Err(e),
                    None => continue,
                },
                coalesce::Joined::Leader(leader) => {
                    let opened = async {
                        let (stream, served, hold) = self.along(plan, call, execute::stream_started).await?;
                        let stream = self.keeping(stream, lookup, &served, call);
                        Ok((self.settling(stream, hold, &served), served))
                    }
                    .await;
                    let served = opened.as_ref().map(|(_, s)| s.clone()).map_err(Clone::clone);
                    let sub = leader.publish(self.coalescer.clone(), key, opened);
                    return served.map(|s| (coalesce::subscribe(sub), s));
                }
            }
        }
    }
}
