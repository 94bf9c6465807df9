//! HTTP request: method, URL, headers and body from templates, a timeout. A header's value may name a secret kept
//! in the keychain, so the document never holds one.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct HttpConfig {
    #[serde(default)]
    pub method: HttpMethod,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub headers: Vec<Header>,
    #[serde(default)]
    pub body: String,
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u32,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            method: HttpMethod::Get,
            url: String::new(),
            headers: Vec::new(),
            body: String::new(),
            timeout_ms: default_timeout_ms(),
        }
    }
}

fn default_timeout_ms() -> u32 {
    30_000
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    #[default]
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Header {
    pub name: String,
    /// A template; or, when `secret`, the name of a workflow secret in the keychain.
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub secret: bool,
}

use serde_json::Value;

use super::{missing, FieldProblem, Read};
use crate::error::{Error, ErrorCategory, Result};
use crate::workflow::run_context::{NodeCtx, Ran};
use crate::workflow::template::render;

/// Past this the answer is cut: a node's output is kept in the run's record.
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

pub fn reads(c: &HttpConfig) -> Vec<Read<'_>> {
    let mut reads =
        vec![Read::Template { field: "url", text: &c.url }, Read::Template { field: "body", text: &c.body }];
    reads.extend(c.headers.iter().filter(|h| !h.secret).map(|h| Read::Template { field: "headers", text: &h.value }));
    reads
}

pub fn check(c: &HttpConfig) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if c.url.trim().is_empty() {
        problems.push(missing("url"));
    }
    if c.timeout_ms == 0 {
        problems.push(missing("timeout_ms"));
    }
    for h in &c.headers {
        if h.name.trim().is_empty() {
            problems.push(missing("headers.name"));
        }
        if h.secret && h.value.trim().is_empty() {
            problems.push(missing("headers.value"));
        }
    }
    problems
}

fn method(m: HttpMethod) -> reqwest::Method {
    match m {
        HttpMethod::Get => reqwest::Method::GET,
        HttpMethod::Post => reqwest::Method::POST,
        HttpMethod::Put => reqwest::Method::PUT,
        HttpMethod::Patch => reqwest::Method::PATCH,
        HttpMethod::Delete => reqwest::Method::DELETE,
    }
}

fn transport(e: reqwest::Error) -> Error {
    if e.is_timeout() {
        Error::new(ErrorCategory::Timeout, "http_timeout", "the HTTP request did not answer in time")
            .with_retriable(true)
    } else {
        Error::new(ErrorCategory::Connect, "http_unreachable", "the HTTP request could not reach its server")
            .with_retriable(true)
    }
}

fn refused(status: u16) -> Error {
    let category = match status {
        429 => ErrorCategory::RateLimited,
        500.. => ErrorCategory::Upstream,
        401 | 403 => ErrorCategory::Auth,
        404 => ErrorCategory::NotFound,
        _ => ErrorCategory::InvalidRequest,
    };
    Error::new(category, "http_status", format!("the server answered HTTP {status}"))
        .with_retriable(status == 429 || status >= 500)
}

pub async fn run(c: &HttpConfig, ctx: &NodeCtx<'_>) -> Result<Ran> {
    let url = render(&c.url, ctx.scope);
    let body = render(&c.body, ctx.scope);
    let mut request = ctx
        .services
        .http()
        .request(method(c.method), &url)
        .timeout(std::time::Duration::from_millis(u64::from(c.timeout_ms)));
    let mut shown_headers = serde_json::Map::new();
    for h in &c.headers {
        let value = if h.secret { ctx.services.secret(h.value.trim()).await? } else { render(&h.value, ctx.scope) };
        // A secret's value never enters the record; its name does.
        let shown = if h.secret { format!("secret:{}", h.value.trim()) } else { value.clone() };
        shown_headers.insert(h.name.clone(), shown.into());
        request = request.header(h.name.trim(), value);
    }
    if !body.is_empty() {
        request = request.body(body.clone());
    }
    let inputs = super::outputs([
        ("method", serde_json::to_value(c.method).unwrap_or(Value::Null)),
        ("url", url.into()),
        ("headers", Value::Object(shown_headers)),
        ("body", body.into()),
    ]);
    let sent = async {
        let response = request.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(transport)?;
        Ok::<_, Error>((status, bytes))
    };
    let (status, bytes) = tokio::select! {
        _ = ctx.cancel.cancelled() => return Err(Error::cancelled()),
        sent = sent => sent?,
    };
    if status >= 400 {
        return Err(refused(status));
    }
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(MAX_BODY_BYTES)]).into_owned();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Ok(Ran::new(inputs, super::outputs([("status", status.into()), ("body", text.into()), ("json", json)])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_is_an_error_of_its_kind_and_only_429_and_5xx_are_worth_retrying() {
        let cases = [
            (429, ErrorCategory::RateLimited, true),
            (503, ErrorCategory::Upstream, true),
            (500, ErrorCategory::Upstream, true),
            (401, ErrorCategory::Auth, false),
            (403, ErrorCategory::Auth, false),
            (404, ErrorCategory::NotFound, false),
            (400, ErrorCategory::InvalidRequest, false),
        ];
        for (status, category, retriable) in cases {
            let e = refused(status);
            assert_eq!((e.category, e.retriable), (category, retriable), "{status}");
            assert!(e.message.contains(&status.to_string()));
        }
        for m in [HttpMethod::Get, HttpMethod::Post, HttpMethod::Put, HttpMethod::Patch, HttpMethod::Delete] {
            assert_eq!(method(m).as_str(), serde_json::to_value(m).unwrap().as_str().unwrap());
        }
    }

    #[test]
    fn empty_fields_are_named_and_secret_headers_are_not_templates() {
        let c = HttpConfig {
            url: " ".into(),
            timeout_ms: 0,
            headers: vec![
                Header { name: "".into(), value: "x".into(), secret: false },
                Header { name: "Authorization".into(), value: "".into(), secret: true },
                Header { name: "X-Id".into(), value: "{{a.b}}".into(), secret: false },
            ],
            ..Default::default()
        };
        let subjects: Vec<_> = check(&c).into_iter().map(|p| p.1).collect();
        assert_eq!(subjects, ["url", "timeout_ms", "headers.name", "headers.value"]);
        let templates: Vec<_> = reads(&c)
            .into_iter()
            .map(|r| match r {
                Read::Template { text, .. } => text.to_owned(),
                Read::Variable { text, .. } => text.to_owned(),
            })
            .collect();
        assert_eq!(templates, [" ", "", "x", "{{a.b}}"]);
    }
}
