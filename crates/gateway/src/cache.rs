//! The response cache as a gateway client drives it: `x-switchyard-cache: bypass | refresh | only` for one request,
//! `x-switchyard-cache-namespace` to keep its answers apart; the answer says `x-switchyard-cache: hit | miss |
//! bypass`.

use axum::http::HeaderMap;
use switchyard_core::{CacheDirective, Error, Result};

pub const CACHE_HEADER: &str = "x-switchyard-cache";
pub const NAMESPACE_HEADER: &str = "x-switchyard-cache-namespace";

/// The longest namespace accepted: it is a label, not a payload.
const MAX_NAMESPACE: usize = 128;

/// What the request asks of the cache; an unknown directive is refused, never ignored.
pub fn asked(headers: &HeaderMap) -> Result<(CacheDirective, Option<String>)> {
    let text = |name: &str| -> Result<Option<&str>> {
        match headers.get(name) {
            None => Ok(None),
            Some(v) => v.to_str().map(|s| Some(s.trim())).map_err(|_| {
                Error::invalid("invalid_cache_header", format!("The {name} header must be plain ASCII text."))
            }),
        }
    };
    let directive = match text(CACHE_HEADER)? {
        None => CacheDirective::Default,
        Some(value) => CacheDirective::parse(value).ok_or_else(|| {
            Error::invalid(
                "invalid_cache_header",
                format!("{CACHE_HEADER} is '{value}'; use bypass, refresh or only (or leave it out)."),
            )
        })?,
    };
    let namespace = match text(NAMESPACE_HEADER)? {
        None | Some("") => None,
        Some(n) if n.len() > MAX_NAMESPACE => {
            return Err(Error::invalid(
                "invalid_cache_header",
                format!("{NAMESPACE_HEADER} is longer than {MAX_NAMESPACE} characters."),
            ))
        }
        Some(n) => Some(n.to_owned()),
    };
    Ok((directive, namespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(pairs: &[(&'static str, &'static str)]) -> Result<(CacheDirective, Option<String>)> {
        let mut headers = HeaderMap::new();
        for (k, v) in pairs {
            headers.insert(*k, v.parse().unwrap());
        }
        asked(&headers)
    }

    #[test]
    fn reads_the_directive_and_namespace_and_refuses_what_it_does_not_know() {
        assert_eq!(with(&[]).unwrap(), (CacheDirective::Default, None));
        assert_eq!(with(&[(CACHE_HEADER, "only")]).unwrap().0, CacheDirective::Only);
        assert_eq!(with(&[(CACHE_HEADER, "Refresh")]).unwrap().0, CacheDirective::Refresh);
        assert_eq!(with(&[(NAMESPACE_HEADER, " tests ")]).unwrap().1.as_deref(), Some("tests"));
        assert_eq!(with(&[(NAMESPACE_HEADER, "")]).unwrap().1, None);
        assert_eq!(with(&[(CACHE_HEADER, "maybe")]).unwrap_err().code, "invalid_cache_header");
        let long: &'static str = Box::leak("n".repeat(129).into_boxed_str());
        assert_eq!(with(&[(NAMESPACE_HEADER, long)]).unwrap_err().code, "invalid_cache_header");
    }
}
