//! Template: text made from variables, `Hello {{start.name}}`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
pub struct TemplateConfig {
    #[serde(default)]
    pub template: String,
}

use crate::workflow::run_context::{NodeCtx, Ran};
use crate::workflow::template::render;

pub fn run(c: &TemplateConfig, ctx: &NodeCtx<'_>) -> Ran {
    let text = render(&c.template, ctx.scope);
    Ran::new(super::outputs([("template", text.clone().into())]), super::outputs([("text", text.into())]))
}
