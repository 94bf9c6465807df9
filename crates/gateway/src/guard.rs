//! Refuses requests whose Host or Origin is not loopback: a web page the user visits must not be able to reach
//! the gateway through DNS rebinding or a cross-site fetch. It fails closed: a request must name its host exactly
//! once (a Host header, or the authority of an HTTP/2 or absolute-form request), and a Host or Origin that is
//! repeated or not readable as ASCII is refused, as it cannot be told apart from a foreign one.

use axum::extract::Request;
use axum::http::header::{HOST, ORIGIN};
use axum::http::{HeaderMap, HeaderName, Uri};
use axum::middleware::Next;
use axum::response::Response;
use switchyard_core::{Error, ErrorCategory};

use crate::errors::{self, Dialect};

fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':')
            .map(|(h, port)| if port.chars().all(|c| c.is_ascii_digit()) { h } else { host })
            .unwrap_or(host)
    };
    matches!(name.to_ascii_lowercase().as_str(), "localhost" | "127.0.0.1" | "::1")
}

fn is_loopback_origin(origin: &str) -> bool {
    let rest = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
    rest.is_some_and(is_loopback_host)
}

#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    Foreign,
    HostMissing,
    Repeated(&'static str),
    Unreadable(&'static str),
}

impl Refusal {
    fn error(&self) -> Error {
        let (code, message) = match self {
            Refusal::Foreign => {
                ("foreign_origin", "Switchyard's gateway only accepts requests from this computer.".into())
            }
            Refusal::HostMissing => (
                "host_missing",
                "The request names no host. Switchyard's gateway needs a Host header naming this computer.".into(),
            ),
            Refusal::Repeated(name) => {
                ("header_repeated", format!("The request has more than one {name} header; it must have one at most."))
            }
            Refusal::Unreadable(name) => {
                ("header_unreadable", format!("The request's {name} header is not plain ASCII text."))
            }
        };
        Error::new(ErrorCategory::Forbidden, code, message)
    }
}

/// The one value of a header that may appear at most once, as text.
fn single<'a>(headers: &'a HeaderMap, name: &HeaderName, shown: &'static str) -> Result<Option<&'a str>, Refusal> {
    let mut values = headers.get_all(name).iter();
    let Some(first) = values.next() else { return Ok(None) };
    if values.next().is_some() {
        return Err(Refusal::Repeated(shown));
    }
    first.to_str().map(Some).map_err(|_| Refusal::Unreadable(shown))
}

fn check(headers: &HeaderMap, uri: &Uri) -> Result<(), Refusal> {
    let host = single(headers, &HOST, "Host")?;
    let authority = uri.authority().map(|a| a.as_str());
    if host.is_none() && authority.is_none() {
        return Err(Refusal::HostMissing);
    }
    if !host.into_iter().chain(authority).all(is_loopback_host) {
        return Err(Refusal::Foreign);
    }
    match single(headers, &ORIGIN, "Origin")? {
        Some(origin) if !is_loopback_origin(origin) => Err(Refusal::Foreign),
        _ => Ok(()),
    }
}

pub async fn loopback_only(request: Request, next: Next) -> Response {
    let Err(refusal) = check(request.headers(), request.uri()) else {
        return next.run(request).await;
    };
    let trace_id = switchyard_core::store::new_id();
    let headers = request.headers();
    let (host, origin) =
        (headers.get_all(HOST).iter().collect::<Vec<_>>(), headers.get_all(ORIGIN).iter().collect::<Vec<_>>());
    tracing::warn!(trace_id, ?refusal, ?host, ?origin, "refused a request not plainly from this computer");
    errors::response(Dialect::for_request(request.uri().path(), headers), refusal.error(), &trace_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn only_loopback_names_pass() {
        for ok in ["127.0.0.1:8765", "localhost", "LOCALHOST:1", "[::1]:8765", "127.0.0.1"] {
            assert!(is_loopback_host(ok), "{ok}");
        }
        for bad in ["evil.example:8765", "127.0.0.1.evil.example", "192.168.1.5:8765", "localhost.attacker.net"] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
        assert!(is_loopback_origin("http://localhost:3000"));
        assert!(!is_loopback_origin("https://evil.example"));
        assert!(!is_loopback_origin("null"));
    }

    fn headers(pairs: &[(&HeaderName, &[u8])]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.append(*name, HeaderValue::from_bytes(value).unwrap());
        }
        h
    }

    fn origin_form() -> Uri {
        "/v1/chat/completions".parse().unwrap()
    }

    #[test]
    fn one_loopback_host_and_at_most_one_loopback_origin_pass() {
        assert_eq!(check(&headers(&[(&HOST, b"127.0.0.1:8765")]), &origin_form()), Ok(()));
        let both = headers(&[(&HOST, b"localhost:8765"), (&ORIGIN, b"http://localhost:5173")]);
        assert_eq!(check(&both, &origin_form()), Ok(()));
        // HTTP/2 names the host in the request's authority, with no Host header.
        assert_eq!(check(&HeaderMap::new(), &"http://127.0.0.1:8765/v1/models".parse().unwrap()), Ok(()));
    }

    #[test]
    fn a_missing_host_is_refused() {
        assert_eq!(check(&HeaderMap::new(), &origin_form()), Err(Refusal::HostMissing));
        assert_eq!(check(&headers(&[(&ORIGIN, b"http://localhost")]), &origin_form()), Err(Refusal::HostMissing));
    }

    #[test]
    fn a_second_host_or_origin_is_refused_even_when_both_are_loopback() {
        let hosts = headers(&[(&HOST, b"127.0.0.1"), (&HOST, b"evil.example")]);
        assert_eq!(check(&hosts, &origin_form()), Err(Refusal::Repeated("Host")));
        let hosts = headers(&[(&HOST, b"127.0.0.1"), (&HOST, b"127.0.0.1")]);
        assert_eq!(check(&hosts, &origin_form()), Err(Refusal::Repeated("Host")));
        let origins =
            headers(&[(&HOST, b"127.0.0.1"), (&ORIGIN, b"http://localhost"), (&ORIGIN, b"https://evil.example")]);
        assert_eq!(check(&origins, &origin_form()), Err(Refusal::Repeated("Origin")));
    }

    #[test]
    fn a_host_or_origin_with_a_non_ascii_byte_is_refused() {
        let host = headers(&[(&HOST, b"localhost\xe9")]);
        assert_eq!(check(&host, &origin_form()), Err(Refusal::Unreadable("Host")));
        let origin = headers(&[(&HOST, b"127.0.0.1"), (&ORIGIN, b"http://evil\xff.example")]);
        assert_eq!(check(&origin, &origin_form()), Err(Refusal::Unreadable("Origin")));
    }

    #[test]
    fn a_foreign_host_origin_or_request_authority_is_refused() {
        assert_eq!(check(&headers(&[(&HOST, b"evil.example")]), &origin_form()), Err(Refusal::Foreign));
        let origin = headers(&[(&HOST, b"127.0.0.1"), (&ORIGIN, b"null")]);
        assert_eq!(check(&origin, &origin_form()), Err(Refusal::Foreign));
        // Absolute form: the URI's authority is the host, whatever the Host header says.
        let absolute: Uri = "http://evil.example/v1/models".parse().unwrap();
        assert_eq!(check(&headers(&[(&HOST, b"127.0.0.1")]), &absolute), Err(Refusal::Foreign));
    }
}
