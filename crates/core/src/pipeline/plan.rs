//! Where one call may go: the targets of the route it names, or the one provider that offers the model.

use std::sync::Arc;

use super::Destination;
use crate::chat::ChatTarget;
use crate::error::{Error, Result};
use crate::router::execute::Breaking;
use crate::router::route::{self, Route, RouteTarget, Strategy};
use crate::store::providers::{self as provider_table, ProviderRecord};
use crate::Core;

/// The targets, the order to try them in, and whether circuit breakers apply.
pub struct Plan {
    pub strategy: Strategy,
    pub targets: Vec<RouteTarget>,
    pub breaking: Breaking,
    /// Refuse targets that would lose fields of a gateway request.
    pub strict: bool,
    /// The route's own cache policy (None follows Settings), and whether it keeps answers ending in tool calls.
    pub cache_policy: Option<crate::cache::CachePolicy>,
    pub cache_tool_calls: bool,
}

impl Plan {
    fn of_route(r: &Route) -> Self {
        Plan {
            strategy: r.strategy,
            targets: r.targets.clone(),
            breaking: Breaking::Consult,
            strict: r.strict,
            cache_policy: r.cache,
            cache_tool_calls: r.cache_tool_calls,
        }
    }

    fn one(provider_id: String, model: String, breaking: Breaking) -> Self {
        let targets = vec![RouteTarget { provider_id, model, weight: 1 }];
        Plan {
            strategy: Strategy::Priority,
            targets,
            breaking,
            strict: false,
            cache_policy: None,
            cache_tool_calls: false,
        }
    }
}

impl Core {
    /// Fails before anything is sent when the route, model or provider is unknown.
    pub(crate) async fn plan(&self, to: &Destination) -> Result<Plan> {
        let config = self.routing_config().await?;
        let (providers, routes) = &*config;
        match to {
            Destination::Named(requested) => {
                if let Some(r) = routes.iter().find(|r| &r.name == requested) {
                    return Ok(Plan::of_route(r));
                }
                let t = crate::router::resolve::resolve(providers, requested)?;
                Ok(Plan::one(t.provider_id, t.model, Breaking::Consult))
            }
            Destination::Chat(ChatTarget::Route { name }) => {
                let r = routes.iter().find(|r| &r.name == name).ok_or_else(|| Error::not_found("route", name))?;
                Ok(Plan::of_route(r))
            }
            // A person's explicit choice of one model does not take part in circuit breakers: there is nothing to
            // fall back to, and their prompts' failures should not close that target for every route using it.
            Destination::Chat(ChatTarget::Model { provider_id, model }) => {
                self.provider_client(provider_id).await?;
                Ok(Plan::one(provider_id.clone(), model.clone(), Breaking::Bypass))
            }
        }
    }

    /// Providers and routes as last saved, from memory; read from the database only after they changed.
    pub(crate) async fn routing_config(&self) -> Result<Arc<(Vec<ProviderRecord>, Vec<Route>)>> {
        if let Some(config) = self.snapshot.config() {
            return Ok(config);
        }
        let generation = self.snapshot.config_generation();
        let loaded = self.store.call(|c| Ok((provider_table::list(c)?, route::list(c)?))).await?;
        Ok(self.snapshot.keep_config(generation, loaded))
    }
}
