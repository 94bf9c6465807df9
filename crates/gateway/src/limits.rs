//! How large a request may be, and its refusals in the caller's own format with a trace id: 413 for a body over
//! the limit, 431 for headers over theirs, 400 for a body that broke off before its end, 408 for a body that stopped
//! coming (no piece of it for `body_idle_timeout`).
//!
//! The body is read here, whole, once: the handlers take it as `Bytes`. The header limit is checked on the parsed
//! headers, so hyper's own read buffer (`max_buf_size`, set where the connections are served) must stay above
//! `max_header_bytes`; below it, hyper answers an oversized head itself, with an empty 431 no client can read.
//! Malformed request lines and header syntax are likewise answered by hyper before any of this runs.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONNECTION, CONTENT_LENGTH, EXPECT};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use futures::StreamExt;
use switchyard_core::Error;

use crate::errors::{self, Dialect};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// The largest request body. Anthropic documents 32 MB per request; one photo as base64 is several MB.
    pub max_body_bytes: usize,
    /// All header lines together (names, values and their separators).
    pub max_header_bytes: usize,
    /// Longest wait for the next piece of a request body. A slow upload keeps going; a client that stopped sending
    /// does not hold its connection and its memory.
    pub body_idle_timeout: std::time::Duration,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            max_body_bytes: 32 * 1024 * 1024,
            max_header_bytes: 64 * 1024,
            body_idle_timeout: std::time::Duration::from_secs(30),
        }
    }
}

/// What the header lines take on the wire: `name: value\r\n` each.
pub fn header_bytes(headers: &HeaderMap) -> usize {
    headers.iter().map(|(name, value)| name.as_str().len() + value.len() + 4).sum()
}

fn size(bytes: usize) -> String {
    match bytes {
        b if b >= 1024 * 1024 && b % (1024 * 1024) == 0 => format!("{} MiB", b / (1024 * 1024)),
        b if b >= 1024 && b % 1024 == 0 => format!("{} KiB", b / 1024),
        b => format!("{b} bytes"),
    }
}

enum BodyError {
    /// Over the limit; `drained` tells whether the rest was read to its end, so the connection may be kept.
    TooLarge {
        drained: bool,
    },
    Broken(String),
    /// No piece came for the idle timeout.
    Stalled,
}

/// Reads the whole body up to `limit`. Past it, up to `limit` more is read and dropped: a client still sending
/// when the refusal comes would see its connection reset instead of reading the 413.
async fn read_body(body: Body, limit: usize, idle: std::time::Duration) -> Result<Bytes, BodyError> {
    let mut stream = body.into_data_stream();
    let mut buf = bytes::BytesMut::new();
    let mut seen = 0usize;
    while let Some(piece) = tokio::time::timeout(idle, stream.next()).await.map_err(|_| BodyError::Stalled)? {
        let piece = piece.map_err(|e| BodyError::Broken(e.to_string()))?;
        seen += piece.len();
        if seen > limit.saturating_mul(2) {
            return Err(BodyError::TooLarge { drained: false });
        }
        if seen <= limit {
            buf.extend_from_slice(&piece);
        }
    }
    match seen > limit {
        true => Err(BodyError::TooLarge { drained: true }),
        false => Ok(buf.freeze()),
    }
}

fn too_large(dialect: Dialect, limits: &HttpLimits, keep_connection: bool) -> Response {
    let e = Error::invalid(
        "request_too_large",
        format!("The request body is larger than the gateway accepts ({}).", size(limits.max_body_bytes)),
    );
    let mut r = errors::with_status(dialect, e, StatusCode::PAYLOAD_TOO_LARGE);
    if !keep_connection {
        r.headers_mut().insert(CONNECTION, HeaderValue::from_static("close"));
    }
    r
}

pub async fn enforce(State(limits): State<HttpLimits>, request: Request, next: Next) -> Response {
    let dialect = Dialect::for_request(request.uri().path(), request.headers());
    let head = header_bytes(request.headers());
    if head > limits.max_header_bytes {
        tracing::warn!(bytes = head, "refused a request whose headers are too large");
        let e = Error::invalid(
            "headers_too_large",
            format!(
                "The request's headers are larger than the gateway accepts ({} in all).",
                size(limits.max_header_bytes)
            ),
        );
        return errors::with_status(dialect, e, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    }
    let declared = request.headers().get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if let Some(declared) = declared.filter(|n| *n > limits.max_body_bytes) {
        // Not worth reading to the end, or not sent until asked for (`Expect: 100-continue`): refuse at once.
        let waits_for_continue = request.headers().contains_key(EXPECT);
        if waits_for_continue || declared > limits.max_body_bytes.saturating_mul(2) {
            tracing::warn!(declared, "refused a request body over the limit before reading it");
            return too_large(dialect, &limits, false);
        }
    }
    let (parts, body) = request.into_parts();
    match read_body(body, limits.max_body_bytes, limits.body_idle_timeout).await {
        Ok(bytes) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Err(BodyError::TooLarge { drained }) => {
            tracing::warn!(declared, "refused a request body over the limit");
            too_large(dialect, &limits, drained)
        }
        Err(BodyError::Stalled) => {
            tracing::warn!(idle_ms = limits.body_idle_timeout.as_millis() as u64, "a request body stopped coming");
            let e = Error::invalid(
                "body_timeout",
                format!(
                    "The request body stopped arriving: nothing came for {} s.",
                    limits.body_idle_timeout.as_secs_f32()
                ),
            );
            let mut r = errors::with_status(dialect, e, StatusCode::REQUEST_TIMEOUT);
            r.headers_mut().insert(CONNECTION, HeaderValue::from_static("close"));
            r
        }
        Err(BodyError::Broken(cause)) => {
            tracing::warn!(%cause, "a request body broke off");
            let e = Error::invalid(
                "body_incomplete",
                "The request body ended before all of it arrived (shorter than its Content-Length, or cut off).",
            );
            let mut r = errors::with_status(dialect, e, StatusCode::BAD_REQUEST);
            r.headers_mut().insert(CONNECTION, HeaderValue::from_static("close"));
            r
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_take_a_32_mib_body_and_64_kib_of_headers() {
        let d = HttpLimits::default();
        assert_eq!((d.max_body_bytes, d.max_header_bytes), (33_554_432, 65_536));
        assert_eq!(d.body_idle_timeout, std::time::Duration::from_secs(30));
        assert_eq!(
            (size(d.max_body_bytes), size(d.max_header_bytes), size(1000)),
            ("32 MiB".into(), "64 KiB".into(), "1000 bytes".into())
        );
    }

    #[test]
    fn header_bytes_count_each_line_as_sent() {
        let mut h = HeaderMap::new();
        h.insert("host", "127.0.0.1:8765".parse().unwrap());
        h.append("x-a", "1".parse().unwrap());
        h.append("x-a", "22".parse().unwrap());
        // "host: 127.0.0.1:8765\r\n" + "x-a: 1\r\n" + "x-a: 22\r\n"
        assert_eq!(header_bytes(&h), 22 + 8 + 9);
    }

    #[tokio::test]
    async fn a_body_is_read_to_its_limit_and_refused_one_byte_past_it() {
        let at = read_body(Body::from(vec![b'x'; 100]), 100, std::time::Duration::from_secs(5)).await;
        assert!(matches!(at, Ok(ref b) if b.len() == 100));
        assert!(matches!(
            read_body(Body::from(vec![b'x'; 101]), 100, std::time::Duration::from_secs(5)).await,
            Err(BodyError::TooLarge { drained: true })
        ));
        assert!(matches!(
            read_body(Body::from(vec![b'x'; 201]), 100, std::time::Duration::from_secs(5)).await,
            Err(BodyError::TooLarge { drained: false })
        ));
    }

    #[tokio::test]
    async fn a_body_that_breaks_off_is_a_broken_body() {
        let pieces = futures::stream::iter(vec![
            Ok(Bytes::from_static(b"{\"model\":")),
            Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "cut")),
        ]);
        assert!(matches!(
            read_body(Body::from_stream(pieces), 100, std::time::Duration::from_secs(5)).await,
            Err(BodyError::Broken(_))
        ));
    }
}
