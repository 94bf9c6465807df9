//! User preferences.

use crate::error::Result;
use crate::settings;
use crate::Core;

impl Core {
    pub async fn get_settings(&self) -> Result<settings::Settings> {
        self.store.call(|c| settings::load(c)).await
    }

    pub async fn update_settings(&self, new: settings::Settings) -> Result<settings::Settings> {
        let saved = self.store.call(move |c| settings::save(c, &new).map(|()| new)).await?;
        self.reload_prices().await?;
        Ok(saved)
    }
}
