//! A gateway caller's request as it arrived. An upstream of the caller's own dialect gets this body, changed only
//! where Switchyard must (model, stream options, limits), so fields Switchyard does not know still reach it.

use bytes::Bytes;

use super::Wire;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Original {
    pub dialect: Wire,
    /// The JSON body, byte for byte.
    pub body: Bytes,
    /// `anthropic-beta` as the client sent it (Anthropic upstreams only).
    pub beta: Option<String>,
    /// Whether an OpenAI client asked for the usage chunk (`stream_options.include_usage`). Usage is always asked of
    /// the upstream, for the ledger; the client sees that chunk only if it asked.
    pub include_usage: bool,
    /// Fields (dotted paths) an upstream of the other dialect cannot carry; see `translate::fields`.
    pub lost_crossing: Vec<String>,
    /// Refuse a target that would lose any of `lost_crossing`, instead of dropping them and saying so.
    pub strict: bool,
    /// The body sets a `seed`: the caller asks for a repeatable answer (what the cache's default policy keeps).
    pub seeded: bool,
}
