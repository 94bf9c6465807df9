//! Shapes a request for one target of a route: its model, its output limit, and what its dialect can carry. Runs
//! before every attempt, so a route can move on to a target that fits when one does not.

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::ir::{ChatRequest, Wire};
use crate::providers::catalogue::max_output_tokens;
use crate::translate::anthropic_messages::DEFAULT_MAX_TOKENS;

/// What to do with a `max_tokens` above what the target model can write (Claude Code asks 32000 of any model).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverLimit {
    /// Lower it to the model's limit.
    #[default]
    Clamp,
    /// Refuse the target, naming the limit.
    Refuse,
}

/// `route_strict`: the route refuses targets that would lose fields, whatever the request asked.
pub fn fit(request: &ChatRequest, model: &str, wire: Wire, over: OverLimit, route_strict: bool) -> Result<ChatRequest> {
    let mut fitted = ChatRequest { model: model.to_owned(), ..request.clone() };
    let limit = max_output_tokens(model);
    if let (Some(asked), Some(limit)) = (fitted.max_tokens, limit) {
        if asked > limit {
            match over {
                OverLimit::Clamp => {
                    tracing::info!(model, asked, limit, "max_tokens lowered to the model's limit");
                    fitted.max_tokens = Some(limit);
                }
                OverLimit::Refuse => {
                    return Err(Error::unsupported_by_target(
                        "max_tokens_over_limit",
                        format!(
                            "max_tokens {asked} is more than {model} can write ({limit}). Lower it to {limit} or less."
                        ),
                    ))
                }
            }
        }
    }
    // Anthropic requires max_tokens; an OpenAI client that left it out asked for as much as the model can write.
    if wire == Wire::Anthropic && fitted.max_tokens.is_none() {
        fitted.max_tokens = Some(limit.unwrap_or(DEFAULT_MAX_TOKENS));
    }
    if let Some(original) = fitted.original.as_deref().filter(|o| o.dialect != wire) {
        // Only OpenAI requests carry n, so crossing means an Anthropic target.
        if fitted.n.is_some_and(|n| n > 1) {
            return Err(Error::unsupported_by_target(
                "n_not_supported",
                format!(
                    "{model} speaks the Anthropic API, which writes one answer per request: n = {} cannot be honoured. \
                     Ask for n = 1, or use an OpenAI-compatible target.",
                    fitted.n.unwrap_or(1)
                ),
            ));
        }
        if (original.strict || route_strict) && !original.lost_crossing.is_empty() {
            return Err(Error::unsupported_by_target(
                "fields_not_representable",
                format!(
                    "{model} speaks the other API dialect and has nothing for: {}. Remove them, or turn off strict \
                     for this route to have them dropped and listed in x-switchyard-dropped-fields.",
                    original.lost_crossing.join(", ")
                ),
            ));
        }
    }
    Ok(fitted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Original;
    use std::sync::Arc;

    fn asking(max_tokens: Option<u32>) -> ChatRequest {
        ChatRequest { model: "route".into(), max_tokens, ..Default::default() }
    }

    fn from(dialect: Wire, lost: &[&str], strict: bool) -> Option<Arc<Original>> {
        Some(Arc::new(Original {
            dialect,
            body: bytes::Bytes::from_static(b"{}"),
            beta: None,
            include_usage: false,
            lost_crossing: lost.iter().map(|s| s.to_string()).collect(),
            strict,
            seeded: false,
        }))
    }

    #[test]
    fn max_tokens_above_the_models_limit_is_clamped_or_refused() {
        let fitted = fit(&asking(Some(32_000)), "deepseek-chat", Wire::OpenAi, OverLimit::Clamp, false).unwrap();
        assert_eq!((fitted.model.as_str(), fitted.max_tokens), ("deepseek-chat", Some(8_192)));
        let e = fit(&asking(Some(32_000)), "deepseek-chat", Wire::OpenAi, OverLimit::Refuse, false).unwrap_err();
        assert_eq!(e.code, "max_tokens_over_limit");
        assert!(e.target_specific && e.message.contains("8192"), "{}", e.message);
        let under = fit(&asking(Some(8_192)), "deepseek-chat", Wire::OpenAi, OverLimit::Refuse, false).unwrap();
        assert_eq!(under.max_tokens, Some(8_192), "at the limit is fine");
        let unknown = fit(&asking(Some(999_999)), "my-llama", Wire::OpenAi, OverLimit::Refuse, false).unwrap();
        assert_eq!(unknown.max_tokens, Some(999_999), "no known limit, nothing changed");
    }

    #[test]
    fn anthropic_targets_always_get_max_tokens() {
        assert_eq!(
            fit(&asking(None), "claude-haiku-4-5", Wire::Anthropic, OverLimit::Clamp, false).unwrap().max_tokens,
            Some(64_000)
        );
        assert_eq!(
            fit(&asking(None), "unknown", Wire::Anthropic, OverLimit::Clamp, false).unwrap().max_tokens,
            Some(DEFAULT_MAX_TOKENS)
        );
        assert_eq!(fit(&asking(None), "gpt-4o", Wire::OpenAi, OverLimit::Clamp, false).unwrap().max_tokens, None);
    }

    #[test]
    fn several_choices_and_strict_losses_refuse_a_target_of_the_other_dialect_only() {
        let n3 = ChatRequest { n: Some(3), original: from(Wire::OpenAi, &[], false), ..asking(Some(10)) };
        let e = fit(&n3, "claude-sonnet-4-5", Wire::Anthropic, OverLimit::Clamp, false).unwrap_err();
        assert!(e.code == "n_not_supported" && e.target_specific);
        assert!(fit(&n3, "gpt-4o", Wire::OpenAi, OverLimit::Clamp, false).is_ok(), "the same dialect forwards n");
        let n1 = ChatRequest { n: Some(1), ..n3.clone() };
        assert!(
            fit(&n1, "claude-sonnet-4-5", Wire::Anthropic, OverLimit::Clamp, false).is_ok(),
            "one answer is what Anthropic writes"
        );

        let strict =
            ChatRequest { original: from(Wire::Anthropic, &["top_k", "context_management"], true), ..asking(Some(10)) };
        let e = fit(&strict, "gpt-4o", Wire::OpenAi, OverLimit::Clamp, false).unwrap_err();
        assert_eq!(e.code, "fields_not_representable");
        assert!(e.message.contains("top_k, context_management"), "{}", e.message);
        assert!(fit(&strict, "claude-sonnet-4-5", Wire::Anthropic, OverLimit::Clamp, false).is_ok());
        let lenient = ChatRequest { original: from(Wire::Anthropic, &["top_k"], false), ..asking(Some(10)) };
        assert!(
            fit(&lenient, "gpt-4o", Wire::OpenAi, OverLimit::Clamp, false).is_ok(),
            "not strict: dropped and reported"
        );
        let e = fit(&lenient, "gpt-4o", Wire::OpenAi, OverLimit::Clamp, true).unwrap_err();
        assert_eq!(e.code, "fields_not_representable", "a strict route refuses what the request did not mark strict");
    }
}
