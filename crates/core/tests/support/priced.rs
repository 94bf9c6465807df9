//! An OpenAI-wire upstream whose every answer has the same usage, and a price for it: every call's cost is known
//! before it is made.
#![allow(dead_code)]

use super::capture::{Capture, Reply};
use switchyard_core::cost::pricing::PriceOverride;

/// $10 per million tokens, in and out: one token costs 10 micro-dollars.
pub const PER_MILLION: i64 = 10_000_000;
/// Every answer: 1 input token + 1000 output tokens = 10_010 micro-dollars.
pub const CALL_COST: i64 = 10_010;

/// Answers "ok" with 1 input and 1000 output tokens, whole or streamed as the request asks.
pub fn fixed_usage_upstream() -> Capture {
    Capture::start(|req| {
        let usage = r#"{"prompt_tokens":1,"completion_tokens":1000,"total_tokens":1001}"#;
        match req.body["stream"] == true {
            true => Reply::sse(format!(
                "data: {{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{{\"index\":0,\"delta\":{{\"role\":\"assistant\",\"content\":\"ok\"}},\"finish_reason\":null}}]}}\n\n\
                 data: {{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{{\"index\":0,\"delta\":{{}},\"finish_reason\":\"stop\"}}],\"usage\":{usage}}}\n\n\
                 data: [DONE]\n\n"
            )),
            false => Reply::json(format!(
                "{{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{{\"index\":0,\"message\":{{\"role\":\"assistant\",\"content\":\"ok\"}},\"finish_reason\":\"stop\"}}],\"usage\":{usage}}}"
            )),
        }
    })
}

/// `PER_MILLION` in and out for `model` of `provider_id`, in US dollars.
pub fn flat_price(provider_id: &str, model: &str) -> PriceOverride {
    PriceOverride {
        provider_id: provider_id.to_owned(),
        model: model.to_owned(),
        currency: "USD".into(),
        input_micros: PER_MILLION,
        output_micros: PER_MILLION,
        cache_read_micros: None,
        cache_write_micros: None,
        reasoning_micros: None,
    }
}

/// Saves a custom OpenAI-compatible provider over `upstream` offering `model`, priced flat; returns its id.
pub async fn priced_provider(core: &switchyard_core::Core, upstream: &Capture, name: &str, model: &str) -> String {
    let id = core
        .save_provider(switchyard_core::providers::registry::ProviderInput {
            id: None,
            name: name.into(),
            preset: "custom".into(),
            base_url: upstream.base_url.clone(),
            api_key: Some("sk-upstream-0123456789".into()),
            extra_headers: vec![],
            default_model: Some(model.into()),
        })
        .await
        .unwrap()
        .id;
    core.set_provider_models(&id, vec![model.into()]).await.unwrap();
    core.save_price_override(flat_price(&id, model)).await.unwrap();
    id
}
