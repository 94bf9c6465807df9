//! Routes: a model name clients send, mapped to targets and a strategy.

use crate::error::{Error, Result};
use crate::router::route::{self, Route};
use crate::store::now_ms;
use crate::Core;

impl Core {
    pub async fn list_routes(&self) -> Result<Vec<Route>> {
        self.store.call(|c| route::list(c)).await
    }

    pub async fn save_route(&self, r: Route) -> Result<Route> {
        self.snapshot.providers_changed();
        r.validate()?;
        let providers = self.list_providers().await?;
        if let Some(t) = r.targets.iter().find(|t| !providers.iter().any(|p| p.id == t.provider_id)) {
            return Err(Error::not_found("provider", &t.provider_id));
        }
        let saved = r.clone();
        self.store.call(move |c| route::upsert(c, &saved, now_ms())).await?;
        Ok(r)
    }

    pub async fn delete_route(&self, name: &str) -> Result<()> {
        self.snapshot.providers_changed();
        let name = name.to_owned();
        self.store.call(move |c| route::delete(c, &name)).await
    }
}
