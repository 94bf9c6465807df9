//! Routes: a model name clients send, mapped to targets and a strategy.

use crate::audit;
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
        let (saved, source) = (r.clone(), self.change_source);
        self.store
            .call(move |c| {
                let tx = c.transaction()?;
                let old = route::get(&tx, saved.name.trim())?;
                route::upsert(&tx, &saved, now_ms())?;
                audit::record(&tx, source, audit::route(old.as_ref(), Some(&saved)))?;
                Ok(tx.commit()?)
            })
            .await?;
        Ok(r)
    }

    pub async fn delete_route(&self, name: &str) -> Result<()> {
        self.snapshot.providers_changed();
        let (name, source) = (name.to_owned(), self.change_source);
        self.store
            .call(move |c| {
                let tx = c.transaction()?;
                let old = route::get(&tx, &name)?;
                route::delete(&tx, &name)?;
                audit::record(&tx, source, audit::route(old.as_ref(), None))?;
                Ok(tx.commit()?)
            })
            .await
    }
}
