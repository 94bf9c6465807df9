//! A gateway over a fresh data dir with two capturing upstreams, one of each dialect, and an access key.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use switchyard_core::providers::registry::ProviderInput;
use switchyard_core::store::access_keys::Scope;
use switchyard_core::translate::sse::SseParser;
use switchyard_core::Core;

use crate::support;
use crate::support::capture::{Capture, Captured, Reply};

pub type Answer = fn(&Captured) -> Reply;

pub struct Gateway {
    _dir: tempfile::TempDir,
    pub core: Arc<Core>,
    pub addr: SocketAddr,
    pub key: String,
    pub http: reqwest::Client,
    /// The OpenAI-wire upstream (provider "oa") and the Anthropic-wire one ("an").
    pub oa: Capture,
    pub an: Capture,
}

impl Gateway {
    pub async fn start(oa: Answer, an: Answer) -> Self {
        let (oa, an) = (Capture::start(oa), Capture::start(an));
        let dir = tempfile::tempdir().unwrap();
        let core = Arc::new(support::open_core(dir.path()).await);
        for (name, preset, url) in [("oa", "custom", &oa.base_url), ("an", "custom_anthropic", &an.base_url)] {
            core.save_provider(ProviderInput {
                id: None,
                name: name.into(),
                preset: preset.into(),
                base_url: url.clone(),
                api_key: Some("sk-upstream-0123456789".into()),
                extra_headers: vec![],
                default_model: None,
            })
            .await
            .unwrap();
        }
        let key = core.create_access_key("tests", vec![Scope::Chat, Scope::Models]).await.unwrap().secret;
        let addr = switchyard_gateway::serve(core.clone(), Some(0)).await.unwrap().addr();
        let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
        Gateway { _dir: dir, core, addr, key, http, oa, an }
    }

    pub async fn post(&self, path: &str, body: &Value, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut r = self.http.post(format!("http://{}{path}", self.addr)).bearer_auth(&self.key).json(body);
        for (name, value) in headers {
            r = r.header(*name, *value);
        }
        r.send().await.expect("the gateway answers within the client's timeout")
    }
}

pub fn events(body: &str) -> Vec<(Option<String>, String)> {
    let mut p = SseParser::new();
    let mut out = p.feed(body.as_bytes());
    out.extend(p.finish());
    out.into_iter().map(|e| (e.event, e.data)).collect()
}

pub fn json_events(body: &str) -> Vec<Value> {
    events(body).into_iter().filter_map(|(_, d)| serde_json::from_str(&d).ok()).collect()
}
