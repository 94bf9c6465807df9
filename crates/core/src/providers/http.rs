//! What every HTTP provider shares: where it lives, how it authenticates, and sending a request with deadlines.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};

use super::http_error::{from_status, from_transport, timeout};
use super::Deadlines;
use crate::error::{Error, Result};
use crate::secrets::Secret;

#[derive(Debug, Clone)]
pub struct Endpoint {
    pub base_url: String,
    pub api_key: Option<Secret<String>>,
    pub extra_headers: Vec<(String, String)>,
}

/// How the key is presented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// `Authorization: Bearer <key>` (OpenAI and compatible).
    Bearer,
    /// `x-api-key: <key>` (Anthropic).
    XApiKey,
    /// `x-goog-api-key: <key>` (Gemini).
    GoogApiKey,
}

impl Endpoint {
    pub fn validate(&self) -> Result<()> {
        let url = reqwest::Url::parse(&self.base_url)
            .map_err(|_| Error::invalid("invalid_base_url", format!("'{}' is not a valid URL.", self.base_url)))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::invalid("invalid_base_url", "The base URL must start with http:// or https://."));
        }
        Ok(())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/{path}", self.base_url.trim_end_matches('/'))
    }

    pub fn headers(&self, auth: Auth) -> Result<HeaderMap> {
        let mut headers = HeaderMap::new();
        for (name, value) in &self.extra_headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::invalid("invalid_header", format!("'{name}' is not a valid header name.")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| Error::invalid("invalid_header", format!("The value of header '{name}' is not valid.")))?;
            headers.insert(name, value);
        }
        if let Some(key) = &self.api_key {
            let (name, text) = match auth {
                Auth::Bearer => (AUTHORIZATION, format!("Bearer {}", key.expose())),
                Auth::XApiKey => (HeaderName::from_static("x-api-key"), key.expose().clone()),
                Auth::GoogApiKey => (HeaderName::from_static("x-goog-api-key"), key.expose().clone()),
            };
            let mut value = HeaderValue::from_str(&text).map_err(|_| {
                Error::invalid("invalid_api_key", "The API key contains characters that cannot be sent.")
            })?;
            value.set_sensitive(true);
            headers.insert(name, value);
        }
        Ok(headers)
    }
}

/// The queue's id for a chat turn, sent with each attempt at it: an upstream (or a proxy before it) that honours
/// `Idempotency-Key` answers a repeat once.
pub fn idempotent(builder: reqwest::RequestBuilder, request: &crate::ir::ChatRequest) -> reqwest::RequestBuilder {
    match &request.idempotency_key {
        Some(key) => builder.header("Idempotency-Key", key),
        None => builder,
    }
}

/// One endpoint of a provider resolved once when its client is built: the URL parsed and the headers made, so a
/// call does neither again.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub url: reqwest::Url,
    pub headers: HeaderMap,
}

impl Endpoint {
    pub fn prepare(&self, path: &str, auth: Auth) -> Result<Prepared> {
        let url = reqwest::Url::parse(&self.url(path))
            .map_err(|_| Error::invalid("invalid_base_url", format!("'{}' is not a valid URL.", self.base_url)))?;
        Ok(Prepared { url, headers: self.headers(auth)? })
    }
}

/// Sends and waits for the status line; a non-success status becomes an error with the body logged, not returned.
pub async fn send(
    builder: reqwest::RequestBuilder,
    headers: HeaderMap,
    deadlines: &Deadlines,
) -> Result<reqwest::Response> {
    let response = tokio::time::timeout(deadlines.first_byte, builder.headers(headers).send())
        .await
        .map_err(|_| timeout("waiting for the first byte"))?
        .map_err(|e| from_transport(&e))?;
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let retry_after = retry_after(response.headers());
    let url = response.url().clone();
    let body = tokio::time::timeout(deadlines.idle, response.text()).await.ok().and_then(|r| r.ok());
    let mut error = from_status(status.as_u16(), body.as_deref().unwrap_or(""));
    if status.as_u16() == 404 {
        error.message = format!(
            "{} The address called was {url}: check the provider's base URL (it usually ends in /v1, e.g. \
             https://api.anthropic.com/v1) and the model name.",
            error.message
        );
    }
    error.retry_after = retry_after;
    Err(error)
}

/// `retry-after-ms` (OpenAI) or `retry-after` in seconds; HTTP dates are ignored.
pub fn retry_after(headers: &HeaderMap) -> Option<std::time::Duration> {
    let value = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<f64>().ok());
    value("retry-after-ms")
        .map(|ms| std::time::Duration::from_secs_f64(ms.max(0.0) / 1000.0))
        .or_else(|| value("retry-after").map(|s| std::time::Duration::from_secs_f64(s.max(0.0))))
}

/// Bounds a whole (non-streamed) call by the total deadline.
pub async fn within_total<T>(deadlines: &Deadlines, call: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    tokio::time::timeout(deadlines.total, call)
        .await
        .map_err(|_| timeout("the answer took longer than the total deadline"))?
}

/// The whole body, each piece within the idle deadline, refused past `max_answer_bytes`.
pub async fn read_body(mut response: reqwest::Response, deadlines: &Deadlines) -> Result<bytes::Bytes> {
    let cap = deadlines.max_answer_bytes;
    if response.content_length().is_some_and(|n| n as usize > cap) {
        return Err(super::answer_too_large(cap));
    }
    let mut body = bytes::BytesMut::new();
    loop {
        let piece = tokio::time::timeout(deadlines.idle, response.chunk())
            .await
            .map_err(|_| timeout("reading the answer"))?
            .map_err(|e| from_transport(&e))?;
        let Some(piece) = piece else { return Ok(body.freeze()) };
        if body.len() + piece.len() > cap {
            return Err(super::answer_too_large(cap));
        }
        body.extend_from_slice(&piece);
    }
}

/// `GET {base}/models` as both OpenAI and Anthropic answer it: `{"data": [{"id": ...}]}`.
pub fn model_ids(body: &[u8]) -> Result<Vec<String>> {
    let malformed = |m: &str| Error::new(crate::ErrorCategory::Upstream, "upstream_malformed_response", m);
    let v: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| malformed("The model list is not valid JSON."))?;
    let mut models: Vec<String> = v
        .get("data")
        .and_then(|d| d.as_array())
        .ok_or_else(|| malformed("The model list has no `data` array."))?
        .iter()
        .filter_map(|m| m.get("id").and_then(|id| id.as_str()).map(str::to_owned))
        .collect();
    models.sort();
    models.dedup();
    Ok(models)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn reads_retry_after_in_ms_or_seconds() {
        let mut h = HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert("retry-after", HeaderValue::from_static("2"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(2)));
        h.insert("retry-after-ms", HeaderValue::from_static("150"));
        assert_eq!(retry_after(&h), Some(Duration::from_millis(150)), "the precise header wins");
        let mut date = HeaderMap::new();
        date.insert("retry-after", HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"));
        assert_eq!(retry_after(&date), None);
    }
}
