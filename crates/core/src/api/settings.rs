//! User preferences.

use crate::error::Result;
use crate::settings;
use crate::Core;

impl Core {
    pub async fn get_settings(&self) -> Result<settings::Settings> {
        self.store.call(|c| settings::load(c)).await
    }

    pub async fn update_settings(&self, new: settings::Settings) -> Result<settings::Settings> {
        let (saved, rates_changed) = self
            .store
            .call(move |c| {
                let rates_changed = settings::load(c)?.exchange_rates != new.exchange_rates;
                settings::save(c, &new).map(|()| (new, rates_changed))
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
