//! Request extractors with the API's error shape: a JSON body whose errors name the field,
//! and the `page`/`page_size` query of every list.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use store::MAX_PAGE_SIZE;

use crate::error::ApiError;

/// A JSON request body. Malformed JSON is 400; JSON of the wrong shape (missing, unknown or
/// mistyped field) is 422 naming the field, like every other invalid value.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|m| {
                let m = m.trim();
                m.eq_ignore_ascii_case("application/json") || m.ends_with("+json")
            });
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "expected Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            let code = match e.status() {
                StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
                _ => "bad_request",
            };
            ApiError::new(e.status(), code, format!("cannot read the body: {e}"))
        })?;
        parse(&bytes).map(Self)
    }
}

/// Deserializes `bytes`, naming the field of any error: 400 for text that is not JSON, 422
/// (`invalid`, with the field) for JSON of the wrong shape. A body is a JSON object: an array
/// is refused even where serde would read a struct from it field by field.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|&b| b != b'{') && is_json(bytes) {
        return Err(invalid("body", "the body must be a JSON object"));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        // serde_json calls a value of the wrong JSON type for an enum (a number for a string)
        // a syntax error; in a body that is JSON it is the field's value that is wrong.
        if inner.classify() == serde_json::error::Category::Syntax && is_json(bytes) {
            let field = if path.is_empty() || path == "." { "body" } else { path.as_str() };
            return invalid(field, &format!("invalid {field}: {inner}"));
        }
        json_error(&path, &inner)
    })?;
    de.end().map_err(|e| json_error(".", &e))?;
    Ok(value)
}

/// Whether `bytes` is one JSON value (any shape).
fn is_json(bytes: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok()
}

/// 422 `invalid` naming `field`.
fn invalid(field: &str, message: &str) -> ApiError {
    ApiError {
        field: Some(field.to_owned()),
        ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message.to_owned())
    }
}

fn json_error(path: &str, e: &serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    let message = e.to_string();
    let mut field = (path != "." && !path.is_empty()).then(|| path.to_owned());
    match e.classify() {
        Category::Data => {
            // serde reports a missing field at its parent's path, naming it in the message.
            if let Some(name) = between(&message, "missing field `", "`") {
                field = Some(match field {
                    Some(parent) => format!("{parent}.{name}"),
                    None => name.to_owned(),
                });
            }
            let field = field.unwrap_or_else(|| "body".into());
            invalid(&field, &format!("invalid {field}: {message}"))
        }
        Category::Syntax | Category::Eof | Category::Io => {
            ApiError::bad_request(format!("malformed JSON: {message}"), field)
        }
    }
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = s.find(open)? + open.len();
    let len = s[start..].find(close)?;
    Some(&s[start..start + len])
}

/// For `PATCH` bodies: tells an absent field (`None`) from an explicit `null`
/// (`Some(None)`). Use with `#[serde(default, deserialize_with = "nullable")]`.
pub fn nullable<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// For `PATCH` fields that cannot be removed: absent is `None`, a value is `Some`, and an
/// explicit `null` is an error naming the field (rather than silently changing nothing). Use
/// with `#[serde(default, deserialize_with = "non_null")]`.
pub fn non_null<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    match Option::<T>::deserialize(d)? {
        Some(v) => Ok(Some(v)),
        None => Err(serde::de::Error::custom("must not be null")),
    }
}

/// Default page size of a list.
pub const DEFAULT_PAGE_SIZE: usize = 100;

/// `?page=N&page_size=M`: page from 1, size 1..=1000.
#[derive(Debug, Clone, Copy, PartialEq, Eq, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Pagination {
    /// Page number, from 1.
    #[param(required = false, minimum = 1, maximum = 4294967295_u64, default = 1)]
    pub page: usize,
    /// Items per page, 1 to 1000.
    #[param(required = false, minimum = 1, maximum = 1000, default = 100)]
    pub page_size: usize,
}

impl Pagination {
    /// Parses a query string (unknown parameters are ignored).
    pub fn from_query(query: Option<&str>) -> Result<Self, ApiError> {
        let mut out = Self { page: 1, page_size: DEFAULT_PAGE_SIZE };
        for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let number = |field: &str, range: std::ops::RangeInclusive<usize>| {
                value.parse::<usize>().ok().filter(|n| range.contains(n)).ok_or_else(|| {
                    ApiError::invalid(
                        field,
                        format!("must be an integer in {}..={}", range.start(), range.end()),
                    )
                })
            };
            match name {
                "page" => out.page = number("page", 1..=u32::MAX as usize)?,
                "page_size" => out.page_size = number("page_size", 1..=MAX_PAGE_SIZE)?,
                _ => {}
            }
        }
        Ok(out)
    }

    /// The store's page index (from 0).
    pub fn index(self) -> usize {
        self.page - 1
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Pagination {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Self::from_query(parts.uri.query())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        inner: Option<Inner>,
        list: Option<Vec<Inner>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        level: u8,
    }

    fn field_of(json: &str) -> (StatusCode, Option<String>) {
        let e = parse::<Outer>(json.as_bytes()).expect_err("must fail");
        (e.status, e.field)
    }

    #[test]
    fn errors_name_the_field() {
        let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
        assert_eq!(field_of(r#"{}"#), (unprocessable, Some("name".into())));
        assert_eq!(field_of(r#"{"name": 1}"#), (unprocessable, Some("name".into())));
        assert_eq!(
            field_of(r#"{"name": "x", "inner": {"level": 300}}"#),
            (unprocessable, Some("inner.level".into()))
        );
        assert_eq!(
            field_of(r#"{"name": "x", "inner": {}}"#),
            (unprocessable, Some("inner.level".into()))
        );
        assert_eq!(
            field_of(r#"{"name": "x", "list": [{"level": 1}, {"level": -1}]}"#),
            (unprocessable, Some("list[1].level".into()))
        );
        assert_eq!(field_of(r#"{"name": "x", "extra": 1}"#).0, unprocessable);
        assert_eq!(field_of(r#"{"name": "x""#).0, StatusCode::BAD_REQUEST);
        assert_eq!(field_of(r#"{"name": "x"} trailing"#).0, StatusCode::BAD_REQUEST);
        assert!(parse::<Outer>(br#"{"name": "x", "inner": null}"#).is_ok());
    }

    #[test]
    fn pagination() {
        let p = |q| Pagination::from_query(Some(q));
        assert_eq!(p(""), Ok(Pagination { page: 1, page_size: 100 }));
        assert_eq!(p("page=3&page_size=7&x=y"), Ok(Pagination { page: 3, page_size: 7 }));
        assert_eq!(p("page=0").map_err(|e| e.field), Err(Some("page".into())));
        assert_eq!(p("page_size=1001").map_err(|e| e.field), Err(Some("page_size".into())));
        assert_eq!(p("page_size=ten").map_err(|e| e.field), Err(Some("page_size".into())));
        assert_eq!(p("page=2").map(Pagination::index), Ok(1));
    }
}
