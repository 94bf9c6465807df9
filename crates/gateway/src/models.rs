//! GET /v1/models and GET /v1/models/{id}: the names a client may send — every route, then every provider's
//! models as `<provider>/<model>` — in the shape of the caller's SDK. Anthropic's SDK sends `anthropic-version`
//! and reads `type`, `display_name`, `created_at` and a page (`has_more`, `first_id`, `last_id`); OpenAI's reads
//! `object`, `created` and `owned_by`.

use std::sync::Arc;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};
use switchyard_core::store::access_keys::Scope;
use switchyard_core::{Core, Error, ErrorCategory, Result};

use crate::auth::presented_key;
use crate::errors::{self, Dialect};

/// One name a client can send as `model`.
#[derive(Debug)]
struct Listed {
    id: String,
    owner: String,
    display_name: String,
    created_ms: i64,
}

fn dialect(headers: &HeaderMap) -> Dialect {
    if headers.contains_key("anthropic-version") {
        Dialect::Anthropic
    } else {
        Dialect::OpenAi
    }
}

async fn listed(core: &Core, headers: &HeaderMap) -> Result<Vec<Listed>> {
    core.authorize(presented_key(headers), Scope::Models).await?;
    let routes = core.list_routes().await?.into_iter().map(|r| Listed {
        display_name: format!("{} (route)", r.name),
        id: r.name,
        owner: "switchyard".into(),
        created_ms: 0,
    });
    let providers = core.list_providers().await?;
    let models = providers.iter().flat_map(|p| {
        p.models.iter().map(move |m| Listed {
            id: format!("{}/{m}", p.name),
            owner: p.name.clone(),
            display_name: m.clone(),
            created_ms: p.created_at,
        })
    });
    Ok(routes.chain(models.collect::<Vec<_>>()).collect())
}

fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ms / 1000)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

fn shape(m: &Listed, dialect: Dialect) -> Value {
    match dialect {
        Dialect::OpenAi => {
            json!({ "id": m.id, "object": "model", "created": m.created_ms / 1000, "owned_by": m.owner })
        }
        Dialect::Anthropic => json!({
            "type": "model", "id": m.id, "display_name": m.display_name, "created_at": rfc3339(m.created_ms) }),
    }
}

/// Anthropic's page parameters; OpenAI's list has none.
#[derive(Debug, Default, Deserialize)]
pub struct Page {
    limit: Option<usize>,
    after_id: Option<String>,
    before_id: Option<String>,
}

fn page(all: Vec<Listed>, page: &Page) -> Result<(Vec<Listed>, bool)> {
    let limit = page.limit.unwrap_or(20);
    if !(1..=1000).contains(&limit) {
        return Err(Error::invalid("invalid_limit", "`limit` must be from 1 to 1000."));
    }
    let position = |id: &str| {
        all.iter()
            .position(|m| m.id == id)
            .ok_or_else(|| Error::new(ErrorCategory::NotFound, "model_not_found", format!("No model '{id}'.")))
    };
    let (start, end) = match (&page.after_id, &page.before_id) {
        (Some(after), _) => (position(after)? + 1, all.len()),
        (None, Some(before)) => (0, position(before)?),
        (None, None) => (0, all.len()),
    };
    let window: Vec<Listed> = all.into_iter().take(end).skip(start).collect();
    let has_more = window.len() > limit;
    // Counting back from before_id, the page is the one just before it.
    let skip = if page.before_id.is_some() && page.after_id.is_none() { window.len().saturating_sub(limit) } else { 0 };
    Ok((window.into_iter().skip(skip).take(limit).collect(), has_more))
}

pub async fn list(
    State(core): State<Arc<Core>>,
    headers: HeaderMap,
    query: std::result::Result<Query<Page>, QueryRejection>,
) -> Response {
    let trace_id = switchyard_core::store::new_id();
    let dialect = dialect(&headers);
    let result = async {
        let all = listed(&core, &headers).await?;
        match dialect {
            Dialect::OpenAi => {
                let data: Vec<Value> = all.iter().map(|m| shape(m, dialect)).collect();
                Ok(json!({ "object": "list", "data": data }))
            }
            Dialect::Anthropic => {
                let Query(query) = query.map_err(|e| Error::invalid("invalid_query", e.body_text()))?;
                let (items, has_more) = page(all, &query)?;
                let data: Vec<Value> = items.iter().map(|m| shape(m, dialect)).collect();
                Ok(json!({ "data": data, "has_more": has_more,
                           "first_id": items.first().map(|m| &m.id), "last_id": items.last().map(|m| &m.id) }))
            }
        }
    }
    .await;
    match result {
        Ok(body) => axum::Json(body).into_response(),
        Err(e) => errors::response(dialect, e, &trace_id),
    }
}

pub async fn get(
    State(core): State<Arc<Core>>,
    headers: HeaderMap,
    id: std::result::Result<Path<String>, PathRejection>,
) -> Response {
    let trace_id = switchyard_core::store::new_id();
    let dialect = dialect(&headers);
    let result = async {
        let Path(id) = id.map_err(|e| Error::invalid("invalid_model_id", e.body_text()))?;
        let all = listed(&core, &headers).await?;
        let found = all.iter().find(|m| m.id == id).ok_or_else(|| {
            Error::new(
                ErrorCategory::NotFound,
                "model_not_found",
                format!("No route or provider model is named '{id}'."),
            )
        })?;
        Ok::<_, Error>(shape(found, dialect))
    }
    .await;
    match result {
        Ok(body) => axum::Json(body).into_response(),
        Err(e) => errors::response(dialect, e, &trace_id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<Listed> {
        (0..n)
            .map(|i| Listed { id: format!("m{i}"), owner: "p".into(), display_name: "d".into(), created_ms: 0 })
            .collect()
    }

    fn ids(page: &[Listed]) -> Vec<&str> {
        page.iter().map(|m| m.id.as_str()).collect()
    }

    #[test]
    fn pages_follow_anthropics_limit_after_and_before() {
        let (first, more) = page(names(5), &Page { limit: Some(2), ..Default::default() }).unwrap();
        assert_eq!((ids(&first), more), (vec!["m0", "m1"], true));
        let (next, more) =
            page(names(5), &Page { limit: Some(2), after_id: Some("m1".into()), ..Default::default() }).unwrap();
        assert_eq!((ids(&next), more), (vec!["m2", "m3"], true));
        let (last, more) =
            page(names(5), &Page { limit: Some(2), after_id: Some("m3".into()), ..Default::default() }).unwrap();
        assert_eq!((ids(&last), more), (vec!["m4"], false));
        let (before, _) =
            page(names(5), &Page { limit: Some(2), before_id: Some("m4".into()), ..Default::default() }).unwrap();
        assert_eq!(ids(&before), vec!["m2", "m3"]);
        let (all, more) = page(names(5), &Page::default()).unwrap();
        assert_eq!((all.len(), more), (5, false));
        let (exact, more) = page(names(2), &Page { limit: Some(2), ..Default::default() }).unwrap();
        assert_eq!((exact.len(), more), (2, false), "a full last page has no more after it");
        assert_eq!(page(names(1), &Page { limit: Some(0), ..Default::default() }).unwrap_err().code, "invalid_limit");
        assert_eq!(
            page(names(1), &Page { after_id: Some("zz".into()), ..Default::default() }).unwrap_err().code,
            "model_not_found"
        );
    }

    #[test]
    fn anthropic_dates_are_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_764_547_200_000), "2025-12-01T00:00:00Z");
    }
}
