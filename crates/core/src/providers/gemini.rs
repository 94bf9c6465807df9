//! Google's Gemini API (x-goog-api-key), streamed and whole, natively: `models/<model>:generateContent` and
//! `:streamGenerateContent?alt=sse` under a base such as https://generativelanguage.googleapis.com/v1beta.

use reqwest::header::HeaderMap;

use super::http::{read_body, send, within_total, Auth, Endpoint};
use super::sse_stream::{chunk_stream, EventDecoder};
use super::{ChunkStream, Deadlines, Provider};
use crate::error::{Error, ErrorCategory, Result};
use crate::ir::{ChatRequest, ChatResponse, StreamChunk, Wire};
use crate::translate::gemini;
use crate::translate::sse::SseEvent;

pub struct Gemini {
    client: reqwest::Client,
    endpoint: Endpoint,
    headers: HeaderMap,
    deadlines: Deadlines,
}

impl Gemini {
    pub fn new(client: reqwest::Client, endpoint: Endpoint, deadlines: Deadlines) -> Result<Self> {
        endpoint.validate()?;
        let headers = endpoint.headers(Auth::GoogApiKey)?;
        Ok(Self { client, endpoint, headers, deadlines })
    }

    /// The model goes in the path; a name that could leave it (a slash, a query) is refused.
    fn url(&self, model: &str, action: &str) -> Result<reqwest::Url> {
        let model = model.strip_prefix("models/").unwrap_or(model);
        if model.is_empty() || model.contains(['/', '?', '#', ':']) {
            return Err(Error::invalid("invalid_model", format!("'{model}' is not a Gemini model name.")));
        }
        reqwest::Url::parse(&self.endpoint.url(&format!("models/{model}:{action}"))).map_err(|_| {
            Error::invalid("invalid_base_url", format!("'{}' is not a valid URL.", self.endpoint.base_url))
        })
    }

    async fn post(&self, request: &ChatRequest, stream: bool) -> Result<reqwest::Response> {
        let url = match stream {
            true => self.url(&request.model, "streamGenerateContent?alt=sse")?,
            false => self.url(&request.model, "generateContent")?,
        };
        let body = serde_json::to_vec(&gemini::request_body(request)).map_err(|e| Error::internal(e.to_string()))?;
        let builder = self.client.post(url).header(reqwest::header::CONTENT_TYPE, "application/json").body(body);
        send(super::http::idempotent(builder, request), self.headers.clone(), &self.deadlines).await
    }
}

#[async_trait::async_trait]
impl Provider for Gemini {
    fn wire(&self) -> Wire {
        Wire::Gemini
    }

    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse> {
        within_total(&self.deadlines, async {
            let response = self.post(request, false).await?;
            gemini::parse_response(&read_body(response, &self.deadlines).await?)
        })
        .await
    }

    async fn stream(&self, request: &ChatRequest) -> Result<ChunkStream> {
        let started = std::time::Instant::now();
        let response = self.post(request, true).await?;
        Ok(chunk_stream(response, &self.deadlines, started, Decoder(gemini::Decoder::new())))
    }

    async fn list_models(&self) -> Result<Vec<String>> {
        let url = reqwest::Url::parse(&self.endpoint.url("models")).map_err(|_| {
            Error::invalid("invalid_base_url", format!("'{}' is not a valid URL.", self.endpoint.base_url))
        })?;
        let response = send(self.client.get(url), self.headers.clone(), &self.deadlines).await?;
        model_names(&read_body(response, &self.deadlines).await?)
    }
}

/// `{"models": [{"name": "models/gemini-2.5-flash", …}]}` → the names without their `models/`.
fn model_names(body: &[u8]) -> Result<Vec<String>> {
    let malformed = |m: &str| Error::new(ErrorCategory::Upstream, "upstream_malformed_response", m);
    let v: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| malformed("The model list is not valid JSON."))?;
    let mut names: Vec<String> = v
        .get("models")
        .and_then(|m| m.as_array())
        .ok_or_else(|| malformed("The model list has no `models` array."))?
        .iter()
        .filter_map(|m| m.get("name").and_then(|n| n.as_str()))
        .map(|n| n.strip_prefix("models/").unwrap_or(n).to_owned())
        .collect();
    names.sort();
    names.dedup();
    Ok(names)
}

struct Decoder(gemini::Decoder);

impl EventDecoder for Decoder {
    fn decode(&mut self, event: &SseEvent) -> Result<Vec<StreamChunk>> {
        self.0.decode(&event.data)
    }

    fn complete(&self) -> bool {
        self.0.finished
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_names_drop_their_prefix_and_a_list_without_models_is_malformed() {
        let body = br#"{"models":[{"name":"models/gemini-2.5-pro"},{"name":"models/gemini-2.0-flash"},{"x":1}]}"#;
        assert_eq!(model_names(body).unwrap(), ["gemini-2.0-flash", "gemini-2.5-pro"]);
        assert_eq!(model_names(b"{}").unwrap_err().code, "upstream_malformed_response");
        assert_eq!(model_names(b"nope").unwrap_err().code, "upstream_malformed_response");
    }

    #[test]
    fn a_model_name_cannot_leave_its_place_in_the_path() {
        let endpoint = Endpoint { base_url: "https://example.com/v1beta".into(), api_key: None, extra_headers: vec![] };
        let g = Gemini::new(reqwest::Client::new(), endpoint, Deadlines::default()).unwrap();
        assert_eq!(
            g.url("models/gemini-2.5-flash", "generateContent").unwrap().as_str(),
            "https://example.com/v1beta/models/gemini-2.5-flash:generateContent"
        );
        for bad in ["", "../secrets", "a?key=x", "a#b", "a:b"] {
            assert_eq!(g.url(bad, "generateContent").unwrap_err().code, "invalid_model", "{bad}");
        }
    }
}
