//! User preferences.

use crate::audit;
use crate::error::Result;
use crate::settings;
use crate::Core;

impl Core {
    pub async fn get_settings(&self) -> Result<settings::Settings> {
        self.store.call(|c| settings::load(c)).await
    }

    pub async fn update_settings(&self, new: settings::Settings) -> Result<settings::Settings> {
        let source = self.change_source;
        let (saved, rates_changed) = self
            .store
            .call(move |c| {
                let tx = c.transaction()?;
                let old = settings::load(&tx)?;
                settings::save(&tx, &new)?;
                audit::record(&tx, source, audit::settings(&old, &new))?;
                tx.commit()?;
                let rates_changed = old.exchange_rates != new.exchange_rates;
                Ok((new, rates_changed))
            })
            .await?;
        // Settings change often (the last model used); prices only with the exchange rates.
        if rates_changed {
            self.reload_prices().await?;
        }
        self.cache.set_limits(crate::cache::Limits::from_settings(&saved));
        self.books.ledger_health.configure(saved.ledger_buffer_rows as usize, saved.ledger_when_full);
        Ok(saved)
    }
}
