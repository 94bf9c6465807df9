//! The cache key: sha256 over a canonical, versioned encoding of everything that can change the answer, plus the
//! targets the request resolved to and a namespace. Every field of the normalised request is classified in
//! `FIELDS`; a field the IR gains and this file does not classify fails to compile here (the destructuring in
//! `key`) and fails the test that compares `FIELDS` with the IR's fields.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::ir::{ChatRequest, Message, Reasoning, ResponseFormat, Tool, ToolChoice, Wire};
use crate::router::route::RouteTarget;

/// Bump when the encoding changes: old entries then simply stop matching.
pub const VERSION: &str = "switchyard-cache-key/2";

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct CacheKey(pub [u8; 32]);

impl CacheKey {
    pub fn hex(&self) -> String {
        hex::encode(self.0)
    }

    /// The identity under which identical misses share one upstream call.
    pub fn flight(&self) -> u64 {
        u64::from_le_bytes(self.0[..8].try_into().expect("a sha256 has 32 bytes"))
    }
}

/// What the key does with one field of the normalised request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Treatment {
    /// It can change the answer: it is part of the key.
    Keyed,
    /// It cannot change the answer: requests that differ only here share a key.
    Ignored,
    /// The name the caller used; the key holds the provider and model it resolved to instead.
    Resolved,
}

/// Every field of `ChatRequest`, and how the key treats it. The one list to read to know what a hit means.
pub const FIELDS: &[(&str, Treatment)] = &[
    ("model", Treatment::Resolved),
    // Text only: `cache_control` marks where the provider may cache a prefix; it does not change the answer.
    ("system", Treatment::Keyed),
    // Every content block: text, images (their bytes or URL), tool calls and results, thinking.
    ("messages", Treatment::Keyed),
    ("tools", Treatment::Keyed),
    ("tool_choice", Treatment::Keyed),
    ("max_tokens", Treatment::Keyed),
    ("temperature", Treatment::Keyed),
    ("top_p", Treatment::Keyed),
    ("stop_sequences", Treatment::Keyed),
    // An end-user id for the provider's abuse monitoring.
    ("user", Treatment::Ignored),
    // A streamed and a whole request are answered from the same entry.
    ("stream", Treatment::Ignored),
    // Keyed, though a request for several answers is never cached (policy).
    ("n", Treatment::Keyed),
    ("response_format", Treatment::Keyed),
    ("reasoning", Treatment::Keyed),
    ("parallel_tool_calls", Treatment::Keyed),
    // A gateway caller's own body: its dialect, the `anthropic-beta` header, whether it is strict (a strict request
    // refuses answers that lost its fields), and every field of the body except `IGNORED_BODY_FIELDS` (so
    // provider-specific extras — seed, top_k, penalties, logit_bias — are keyed).
    ("original", Treatment::Keyed),
    // The queue's id for one chat turn, the same for each attempt at it.
    ("idempotency_key", Treatment::Ignored),
];

/// Top-level fields of a gateway caller's body that cannot change the answer: the model name (resolved instead),
/// streaming and its options, and who is asking.
pub const IGNORED_BODY_FIELDS: &[&str] = &["model", "stream", "stream_options", "user", "metadata"];

/// The key of `request` sent to `targets` (in the route's order), within `namespace`; `strict` when the route
/// refuses targets that would lose request fields.
pub fn key(namespace: &str, targets: &[RouteTarget], strict: bool, request: &ChatRequest) -> CacheKey {
    let ChatRequest {
        model: _,
        system,
        messages,
        tools,
        tool_choice,
        max_tokens,
        temperature,
        top_p,
        stop_sequences,
        user: _,
        stream: _,
        n,
        response_format,
        reasoning,
        parallel_tool_calls,
        original,
        idempotency_key: _,
    } = request;
    let body: Option<Value> = original.as_ref().map(|o| serde_json::from_slice(&o.body).unwrap_or(Value::Null));
    let keyed = Keyed {
        system: system.iter().map(|p| p.text.as_str()).collect(),
        messages,
        tools,
        tool_choice,
        max_tokens,
        temperature,
        top_p,
        stop_sequences,
        n,
        response_format,
        reasoning,
        parallel_tool_calls,
        original: original.as_ref().zip(body.as_ref()).map(|(o, body)| KeyedOriginal {
            dialect: o.dialect,
            beta: &o.beta,
            strict: strict || o.strict,
            body: Canonical { value: body, skip: IGNORED_BODY_FIELDS },
        }),
    };

    let mut h = Sha256::new();
    h.update(VERSION.as_bytes());
    h.update([0]);
    h.update(namespace.as_bytes());
    h.update([0]);
    for t in targets {
        h.update(t.provider_id.as_bytes());
        h.update([0]);
        h.update(t.model.as_bytes());
        h.update([0]);
    }
    h.update([1]);
    // Written straight into the hash: no document is built. Serialising these types cannot fail.
    let _ = serde_json::to_writer(HashWriter(&mut h), &keyed);
    CacheKey(h.finalize().into())
}

/// What the key covers, in a fixed order.
#[derive(Serialize)]
struct Keyed<'a> {
    system: Vec<&'a str>,
    messages: &'a [Message],
    tools: &'a [Tool],
    tool_choice: &'a Option<ToolChoice>,
    max_tokens: &'a Option<u32>,
    temperature: &'a Option<f64>,
    top_p: &'a Option<f64>,
    stop_sequences: &'a [String],
    n: &'a Option<u32>,
    response_format: &'a Option<ResponseFormat>,
    reasoning: &'a Option<Reasoning>,
    parallel_tool_calls: &'a Option<bool>,
    original: Option<KeyedOriginal<'a>>,
}

#[derive(Serialize)]
struct KeyedOriginal<'a> {
    dialect: Wire,
    beta: &'a Option<String>,
    strict: bool,
    body: Canonical<'a>,
}

/// A JSON value with object keys sorted at every depth, whatever order its map kept them in; `skip` names
/// top-level keys left out.
struct Canonical<'a> {
    value: &'a Value,
    skip: &'a [&'a str],
}

impl Serialize for Canonical<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self.value {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().filter(|k| !self.skip.contains(&k.as_str())).collect();
                keys.sort_unstable();
                let mut out = s.serialize_map(Some(keys.len()))?;
                for k in keys {
                    out.serialize_entry(k, &Canonical { value: &map[k], skip: &[] })?;
                }
                out.end()
            }
            Value::Array(items) => s.collect_seq(items.iter().map(|value| Canonical { value, skip: &[] })),
            scalar => scalar.serialize(s),
        }
    }
}

struct HashWriter<'a>(&'a mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Whether the request says how to make its answer repeatable: temperature 0, or a seed (a gateway body's `seed`).
pub fn deterministic(request: &ChatRequest) -> bool {
    request.temperature == Some(0.0) || request.original.as_ref().is_some_and(|o| o.seeded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_the_request_is_classified_exactly_once() {
        let serialised = serde_json::to_value(ChatRequest::default()).unwrap();
        let mut ir: Vec<&str> = serialised.as_object().unwrap().keys().map(String::as_str).collect();
        // `original` is not serialised (it is the caller's body, kept aside); the destructuring in `key` names it.
        ir.push("original");
        ir.push("idempotency_key");
        ir.sort();
        let mut listed: Vec<&str> = FIELDS.iter().map(|(name, _)| *name).collect();
        listed.sort();
        assert_eq!(listed, ir, "FIELDS must classify every field of ChatRequest, once");
    }

    fn gateway_request(strict: bool) -> ChatRequest {
        let body = bytes::Bytes::from_static(br#"{"model":"m","messages":[]}"#);
        let original = crate::ir::Original {
            dialect: crate::ir::Wire::OpenAi,
            body,
            beta: None,
            include_usage: false,
            lost_crossing: vec![],
            strict,
            seeded: false,
        };
        ChatRequest { original: Some(std::sync::Arc::new(original)), ..Default::default() }
    }

    #[test]
    fn a_strict_route_or_request_keys_apart_from_a_lenient_one() {
        let targets = [RouteTarget { provider_id: "p".into(), model: "m".into(), weight: 1 }];
        let lenient = key("default", &targets, false, &gateway_request(false));
        assert_ne!(key("default", &targets, true, &gateway_request(false)), lenient, "the route is strict");
        assert_ne!(key("default", &targets, false, &gateway_request(true)), lenient, "the request is strict");
        assert_eq!(
            key("default", &targets, true, &gateway_request(true)),
            key("default", &targets, false, &gateway_request(true))
        );
        assert_ne!(key("other", &targets, false, &gateway_request(false)), lenient, "the namespace");
    }

    #[test]
    fn different_keys_fly_apart_and_read_as_hex() {
        let (a, b) = (CacheKey([1; 32]), CacheKey([2; 32]));
        assert_ne!(a.flight(), b.flight());
        assert_eq!(a.flight(), u64::from_le_bytes([1; 8]));
        assert_eq!(CacheKey([0xab; 32]).hex(), "ab".repeat(32));
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_depth_and_skips_what_it_is_told() {
        let a: Value = serde_json::from_str(r#"{"b":1,"a":{"y":[1,{"k":2,"j":3}],"x":null},"model":"m"}"#).unwrap();
        let out = serde_json::to_string(&Canonical { value: &a, skip: &["model"] }).unwrap();
        assert_eq!(out, r#"{"a":{"x":null,"y":[1,{"j":3,"k":2}]},"b":1}"#);
        let nested = serde_json::to_string(&Canonical { value: &a["a"], skip: &["x"] }).unwrap();
        assert_eq!(nested, r#"{"y":[1,{"j":3,"k":2}]}"#, "skip applies at the top only, as given");
    }
}
