//! Along a plan's targets, each holding its budget reservation while it is tried: a target whose budget is used up
//! is passed over like any target that cannot take the call (so a route can fall back to a free local model), and
//! the reservation of the target that answers is settled with the real cost once the answer is complete.

use std::future::Future;
use std::sync::{Arc, Mutex};

use futures::StreamExt;

use super::{Call, Plan};
use crate::cost::budget_book::Hold;
use crate::cost::meter::{cost_of, Priced, Settling};
use crate::cost::tokens::count_request;
use crate::error::Result;
use crate::ir::{ChatResponse, Usage};
use crate::providers::{catalogue, ChunkStream, Provider};
use crate::router::execute::Served;
use crate::store::providers::ProviderRecord;
use crate::Core;

/// What a reservation assumes a call may write when neither the request nor the model's published limit says.
pub const DEFAULT_MAX_OUTPUT: u32 = 4_096;

impl Core {
    /// Runs `f` on the plan's targets in order until one answers; returns the answer with its target's hold.
    pub(super) async fn along<T, F, Fut>(&self, plan: &Plan, call: &Call, f: F) -> Result<(T, Served, Option<Hold>)>
    where
        F: Fn(Arc<dyn Provider>, crate::ir::ChatRequest) -> Fut,
        Fut: Future<Output = (Arc<dyn Provider>, Result<T>)>,
    {
        let ordered = self.router.order(plan.strategy, &plan.targets);
        let held: Mutex<Option<Hold>> = Mutex::new(None);
        let (f, held_ref, over_limit, strict) = (&f, &held, self.router.over_limit, plan.strict);
        let result = self
            .router
            .run(
                ordered,
                plan.breaking,
                call.retries,
                |t| async move {
                    // Reaching the next target means the previous one was given up.
                    self.release(held_ref.lock().unwrap().take());
                    let (record, provider) = self.provider_client(&t.provider_id).await?;
                    *held_ref.lock().unwrap() = self.reserve(&record, &t.model, call).await?;
                    Ok((record, provider))
                },
                |p, model| {
                    let fitted = crate::router::fit::fit(&call.request, &model, p.wire(), over_limit, strict);
                    async move {
                        match fitted {
                            Ok(fitted) => f(p, fitted).await,
                            Err(e) => (p, Err(e)),
                        }
                    }
                },
            )
            .await;
        let hold = held.into_inner().unwrap();
        match result {
            Ok((value, served)) => Ok((value, served, hold)),
            Err(e) => {
                self.release(hold);
                Err(e)
            }
        }
    }

    /// Holds the most this call can cost on `provider` in every budget that covers it; None when no budget does,
    /// or the model is free.
    async fn reserve(&self, provider: &ProviderRecord, model: &str, call: &Call) -> Result<Option<Hold>> {
        let covering = self.books.budgets.covering(&provider.id, call.origin.access_key_id()).await?;
        if covering.is_empty() {
            return Ok(None);
        }
        let most = Usage {
            input_tokens: count_request(&call.request),
            output_tokens: call
                .request
                .max_tokens
                .or_else(|| catalogue::max_output_tokens(model))
                .unwrap_or(DEFAULT_MAX_OUTPUT),
            ..Default::default()
        };
        let priced = Priced::new(provider, model, crate::store::now_ms());
        let estimate = self.books.pricer().estimate_max(&priced.query(&most)).map(|c| c.usd_micros);
        if estimate == Some(0) {
            return Ok(None);
        }
        // Refused here, while the router resolves the target: it moves on to the next one (another provider, a free
        // local model), as for any target it cannot use.
        self.books.budgets.reserve(&covering, estimate).await.map(Some)
    }

    fn release(&self, hold: Option<Hold>) {
        if let Some(hold) = hold {
            self.books.budgets.settle(hold, Some(0));
        }
    }

    /// Settles a whole answer's hold with what it cost.
    pub(super) fn settle_whole(&self, hold: Option<Hold>, answer: &ChatResponse, served: &Served) {
        if let Some(hold) = hold {
            let priced = Priced::new(&served.provider, &served.model, crate::store::now_ms());
            let cost = cost_of(&self.books.pricer(), &priced, &answer.usage, true);
            self.books.budgets.settle(hold, cost.map(|c| c.usd_micros));
        }
    }

    /// A streamed answer whose hold is settled when the upstream ends, fails or is dropped.
    pub(super) fn settling(&self, stream: ChunkStream, hold: Option<Hold>, served: &Served) -> ChunkStream {
        match hold {
            None => stream,
            Some(hold) => {
                let priced = Priced::new(&served.provider, &served.model, crate::store::now_ms());
                Settling::new(stream, self.books.clone(), hold, priced).boxed()
            }
        }
    }
}
