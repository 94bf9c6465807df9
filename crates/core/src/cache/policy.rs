//! When the cache is asked and when an answer is kept: the user's policy (in Settings, and per route), the
//! caller's choice for one request, and what the answer turned out to be.

use serde::{Deserialize, Serialize};

use crate::ir::{ChatRequest, ChatResponse, StopReason};

/// Which requests the cache answers and keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CachePolicy {
    Off,
    /// Only requests whose answer is meant to be repeatable: temperature 0, or a seed set.
    #[default]
    Deterministic,
    /// Every request, sampled ones too: the same question gets the answer it got the first time.
    Always,
}

/// One request's choice (the gateway's `x-switchyard-cache` header).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CacheDirective {
    /// As the policy says.
    #[default]
    Default,
    /// Neither read nor write the cache.
    Bypass,
    /// Ask the provider, and keep its answer in place of the cached one.
    Refresh,
    /// Answer from the cache or fail with `cache_miss`; never call a provider.
    Only,
}

impl CacheDirective {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "bypass" => CacheDirective::Bypass,
            "refresh" => CacheDirective::Refresh,
            "only" => CacheDirective::Only,
            "default" | "" => CacheDirective::Default,
            _ => return None,
        })
    }
}

/// What the cache did for one call (the gateway's `x-switchyard-cache` answer header, the ledger's `cache`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CacheUse {
    /// Answered from the cache.
    Hit,
    /// Looked up and not found (or refreshed): the provider answered.
    Miss,
    /// Not consulted: the policy or the request left the cache out.
    #[default]
    Bypass,
}

impl CacheUse {
    pub fn as_str(self) -> &'static str {
        match self {
            CacheUse::Hit => "hit",
            CacheUse::Miss => "miss",
            CacheUse::Bypass => "bypass",
        }
    }
}

/// The rules one call is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub policy: CachePolicy,
    /// Keep answers that end in tool calls (a route's choice; off by default, since a tool's result may change).
    pub tool_calls: bool,
}

/// What the pipeline does with the cache for one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub lookup: bool,
    /// Keep the answer (if `storable`).
    pub store: bool,
    /// A miss fails instead of calling a provider.
    pub only: bool,
}

impl Decision {
    pub const NONE: Decision = Decision { lookup: false, store: false, only: false };

    pub fn consulted(&self) -> bool {
        self.lookup || self.store
    }
}

pub fn decide(rules: Rules, directive: CacheDirective, request: &ChatRequest) -> Decision {
    // Several answers to one request cannot be replayed from one entry.
    if request.n.is_some_and(|n| n > 1) {
        return match directive {
            CacheDirective::Only => Decision { lookup: false, store: false, only: true },
            _ => Decision::NONE,
        };
    }
    let eligible = match rules.policy {
        CachePolicy::Off => false,
        CachePolicy::Deterministic => super::key::deterministic(request),
        CachePolicy::Always => true,
    };
    match directive {
        CacheDirective::Bypass => Decision::NONE,
        CacheDirective::Default => Decision { lookup: eligible, store: eligible, only: false },
        CacheDirective::Refresh => Decision { lookup: false, store: eligible, only: false },
        // The caller asked for the cache by name: whatever is kept under this exact key answers.
        CacheDirective::Only => Decision { lookup: true, store: false, only: true },
    }
}

/// Whether a finished answer may be kept: it ended on its own (not cut by max tokens or a filter), and it ends
/// in tool calls only if the route allows that.
pub fn storable(rules: Rules, answer: &ChatResponse) -> bool {
    match answer.stop_reason {
        Some(StopReason::EndTurn | StopReason::StopSequence) => true,
        Some(StopReason::ToolUse) => rules.tool_calls,
        Some(StopReason::MaxTokens | StopReason::ContentFilter) | None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Usage;

    fn request(temperature: Option<f64>) -> ChatRequest {
        ChatRequest { temperature, ..Default::default() }
    }

    const DETERMINISTIC: Rules = Rules { policy: CachePolicy::Deterministic, tool_calls: false };

    #[test]
    fn the_default_policy_caches_only_requests_meant_to_repeat() {
        assert!(decide(DETERMINISTIC, CacheDirective::Default, &request(Some(0.0))).lookup);
        assert_eq!(decide(DETERMINISTIC, CacheDirective::Default, &request(Some(0.7))), Decision::NONE);
        assert_eq!(decide(DETERMINISTIC, CacheDirective::Default, &request(None)), Decision::NONE);
        let always = Rules { policy: CachePolicy::Always, tool_calls: false };
        assert!(decide(always, CacheDirective::Default, &request(Some(0.7))).store);
        let off = Rules { policy: CachePolicy::Off, tool_calls: false };
        assert_eq!(decide(off, CacheDirective::Default, &request(Some(0.0))), Decision::NONE);
    }

    #[test]
    fn directives_do_what_they_say() {
        let det = request(Some(0.0));
        assert_eq!(decide(DETERMINISTIC, CacheDirective::Bypass, &det), Decision::NONE);
        assert_eq!(
            decide(DETERMINISTIC, CacheDirective::Refresh, &det),
            Decision { lookup: false, store: true, only: false }
        );
        assert_eq!(
            decide(DETERMINISTIC, CacheDirective::Only, &request(Some(0.9))),
            Decision { lookup: true, store: false, only: true }
        );
        let several = ChatRequest { n: Some(2), ..det.clone() };
        assert_eq!(decide(DETERMINISTIC, CacheDirective::Default, &several), Decision::NONE);
        assert!(decide(DETERMINISTIC, CacheDirective::Only, &several).only);
        assert!(!decide(DETERMINISTIC, CacheDirective::Only, &several).lookup);
        assert!(decide(DETERMINISTIC, CacheDirective::Default, &ChatRequest { n: Some(1), ..det }).lookup);
        for (text, d) in [
            ("bypass", CacheDirective::Bypass),
            (" Refresh ", CacheDirective::Refresh),
            ("ONLY", CacheDirective::Only),
            ("", CacheDirective::Default),
        ] {
            assert_eq!(CacheDirective::parse(text), Some(d));
        }
        assert_eq!(CacheDirective::parse("sometimes"), None);
    }

    #[test]
    fn only_answers_that_ended_on_their_own_are_kept() {
        let answer = |stop| ChatResponse {
            id: None,
            model: None,
            content: vec![],
            stop_reason: stop,
            usage: Usage::default(),
            raw: None,
        };
        assert!(storable(DETERMINISTIC, &answer(Some(StopReason::EndTurn))));
        assert!(storable(DETERMINISTIC, &answer(Some(StopReason::StopSequence))));
        assert!(!storable(DETERMINISTIC, &answer(Some(StopReason::MaxTokens))));
        assert!(!storable(DETERMINISTIC, &answer(Some(StopReason::ContentFilter))));
        assert!(!storable(DETERMINISTIC, &answer(None)));
        assert!(!storable(DETERMINISTIC, &answer(Some(StopReason::ToolUse))));
        let tools = Rules { tool_calls: true, ..DETERMINISTIC };
        assert!(storable(tools, &answer(Some(StopReason::ToolUse))));
    }
}
