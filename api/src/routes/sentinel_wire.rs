//! How `/sh/subscriber-data` looks on the wire: JSON or XML, chosen by `Accept` for responses
//! (406 when it allows neither) and by `Content-Type` for request bodies (415 otherwise), both
//! framings with the same names. Errors keep the API's JSON error shape.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::doc::{escape_attribute, escape_text};
use crate::error::ApiError;

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// A framing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Json,
    Xml,
}

/// The framing of the response, from `Accept`: JSON unless XML is preferred (`application/xml`
/// or `text/xml` with a higher q, or as high and named more specifically); 406 when `Accept`
/// allows neither.
#[derive(Debug, Clone, Copy)]
pub(super) struct Accepts(pub Format);

impl<S: Send + Sync> FromRequestParts<S> for Accepts {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let accept: Vec<&str> =
            parts.headers.get_all(header::ACCEPT).iter().filter_map(|v| v.to_str().ok()).collect();
        negotiate(&accept.join(",")).map(Self).ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_ACCEPTABLE,
                "not_acceptable",
                "this resource is served as application/json or application/xml",
            )
        })
    }
}

/// The preferred framing of an `Accept` value (empty: JSON).
fn negotiate(accept: &str) -> Option<Format> {
    if accept.trim().is_empty() {
        return Some(Format::Json);
    }
    // (specificity, q in thousandths) of the most specific range matching each framing.
    let mut best = [(0u8, 0u16); 2];
    for range in accept.split(',') {
        let mut params = range.split(';');
        let media = params.next().unwrap_or("").trim().to_ascii_lowercase();
        let Some((kind, sub)) = media.split_once('/') else { continue };
        let mut q = 1000u16;
        for p in params {
            if let Some((k, v)) = p.split_once('=')
                && k.trim().eq_ignore_ascii_case("q")
            {
                q = v.trim().parse::<f32>().map_or(0, |v| (v.clamp(0.0, 1.0) * 1000.0) as u16);
            }
        }
        let candidates: [&[(&str, &str)]; 2] =
            [&[("application", "json")], &[("application", "xml"), ("text", "xml")]];
        for (slot, names) in best.iter_mut().zip(candidates) {
            for &(k, s) in names {
                let specificity = match (kind == k, sub == s) {
                    _ if kind == "*" && sub == "*" => 1,
                    (true, _) if sub == "*" => 2,
                    (true, true) => 3,
                    _ => 0,
                };
                if specificity > slot.0 || (specificity == slot.0 && specificity > 0 && q > slot.1)
                {
                    *slot = (specificity, q);
                }
            }
        }
    }
    let [(json_spec, json_q), (xml_spec, xml_q)] = best;
    match (json_q, xml_q) {
        (0, 0) => None,
        (j, x) if x > j || (x == j && xml_spec > json_spec) => Some(Format::Xml),
        _ => Some(Format::Json),
    }
}

/// A request body and its framing, from `Content-Type` (`application/json`;
/// `application/xml` or `text/xml`); 415 for any other.
#[derive(Debug)]
pub(super) struct Body {
    format: Format,
    bytes: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let media = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|m| m.trim().to_ascii_lowercase());
        let format = match media.as_deref() {
            Some("application/json") => Format::Json,
            Some("application/xml" | "text/xml") => Format::Xml,
            _ => {
                return Err(ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "expected Content-Type: application/json or application/xml",
                ));
            }
        };
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            let code = match e.status() {
                StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
                _ => "bad_request",
            };
            ApiError::new(e.status(), code, format!("cannot read the body: {e}"))
        })?;
        Ok(Self { format, bytes })
    }
}

impl Body {
    /// The subscriber data in the body; 400 when it is not well-formed, 422 naming the field
    /// when it has the wrong shape.
    pub(super) fn parse(&self) -> Result<DataBody, ApiError> {
        match self.format {
            Format::Json => crate::extract::parse(&self.bytes),
            Format::Xml => parse_xml(&self.bytes),
        }
    }
}

/// Subscriber data as a client sends it (in XML: `<subscriber_data>` with the same names,
/// `<field_group>` and `<field>` items, `<value xsi:nil="true"/>` for null).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = SubscriberDataBody, example = json!({"impu": "sip:alice@ims.example",
    "field_groups": [{"service_indication": "MMTEL-Services",
        "fields": [{"name": "cdiv.active", "value": true}]}]}))]
pub(super) struct DataBody {
    /// The public identity (required on `POST`; on `PUT`, the path's if given).
    #[serde(default)]
    pub impu: Option<String>,
    pub field_groups: Vec<GroupBody>,
}

/// The fields of one document.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = SubscriberDataGroupBody)]
pub(super) struct GroupBody {
    /// A Service-Indication the field mappings name (`MMTEL-Services`).
    pub service_indication: String,
    /// On a replace: the write happens only while the stored document has this number.
    #[serde(default)]
    pub sequence_number: Option<u16>,
    pub fields: Vec<FieldBody>,
}

/// One field: its value as text, `None` (null) for none.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = SubscriberDataFieldBody)]
pub(super) struct FieldBody {
    /// A field the mappings name for the document.
    pub name: String,
    /// A string, boolean or number (taken as text), or `null` for none.
    #[serde(default, deserialize_with = "scalar")]
    #[schema(value_type = Option<Value>)]
    pub value: Option<String>,
}

/// A JSON string, boolean or number as text; null as `None`.
fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::Number(n) => Ok(Some(n.to_string())),
        _ => Err(serde::de::Error::custom("must be a string, a boolean, a number or null")),
    }
}

/// `<subscriber_data>` in the names of the JSON framing; `<value xsi:nil="true"/>` or no
/// `<value>` is null.
fn parse_xml(bytes: &[u8]) -> Result<DataBody, ApiError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ApiError::bad_request("the body is not UTF-8", None))?;
    let doc = roxmltree::Document::parse(text)
        .map_err(|e| ApiError::bad_request(format!("malformed XML: {e}"), None))?;
    let root = doc.root_element();
    if root.tag_name().name() != "subscriber_data" {
        return Err(ApiError::invalid("body", "the root element must be <subscriber_data>"));
    }
    let mut impu = None;
    let mut groups = None;
    for child in elements(root) {
        match child.tag_name().name() {
            "impu" if impu.is_none() => impu = Some(text_of(child)),
            "field_groups" if groups.is_none() => {
                let mut list = Vec::new();
                for (i, g) in elements(child).enumerate() {
                    let at = format!("field_groups[{i}]");
                    expect_name(g, "field_group", &at)?;
                    list.push(parse_group(g, &at)?);
                }
                groups = Some(list);
            }
            other => return Err(unexpected(other, "")),
        }
    }
    let field_groups = groups.ok_or_else(|| ApiError::invalid("field_groups", "missing"))?;
    Ok(DataBody { impu, field_groups })
}

fn parse_group(g: roxmltree::Node<'_, '_>, at: &str) -> Result<GroupBody, ApiError> {
    let (mut si, mut sequence_number, mut fields) = (None, None, None);
    for child in elements(g) {
        match child.tag_name().name() {
            "service_indication" if si.is_none() => si = Some(text_of(child)),
            "sequence_number" if sequence_number.is_none() => {
                let n = text_of(child).trim().parse::<u16>().map_err(|_| {
                    ApiError::invalid(format!("{at}.sequence_number"), "must be 0..=65535")
                })?;
                sequence_number = Some(n);
            }
            "fields" if fields.is_none() => {
                let mut list = Vec::new();
                for (j, f) in elements(child).enumerate() {
                    let at = format!("{at}.fields[{j}]");
                    expect_name(f, "field", &at)?;
                    list.push(parse_field(f, &at)?);
                }
                fields = Some(list);
            }
            other => return Err(unexpected(other, at)),
        }
    }
    let missing = |what: &str| ApiError::invalid(format!("{at}.{what}"), "missing");
    Ok(GroupBody {
        service_indication: si.ok_or_else(|| missing("service_indication"))?,
        sequence_number,
        fields: fields.ok_or_else(|| missing("fields"))?,
    })
}

fn parse_field(f: roxmltree::Node<'_, '_>, at: &str) -> Result<FieldBody, ApiError> {
    let (mut name, mut value, mut seen_value) = (None, None, false);
    for child in elements(f) {
        match child.tag_name().name() {
            "name" if name.is_none() => name = Some(text_of(child)),
            "value" if !seen_value => {
                seen_value = true;
                let nil =
                    child.attribute((XSI, "nil")).is_some_and(|v| matches!(v.trim(), "true" | "1"));
                value = (!nil).then(|| text_of(child));
            }
            other => return Err(unexpected(other, at)),
        }
    }
    let name = name.ok_or_else(|| ApiError::invalid(format!("{at}.name"), "missing"))?;
    Ok(FieldBody { name, value })
}

fn elements<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    node.children().filter(|c| c.is_element())
}

fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    node.children().filter(|c| c.is_text()).filter_map(|c| c.text()).collect()
}

fn expect_name(node: roxmltree::Node<'_, '_>, name: &str, at: &str) -> Result<(), ApiError> {
    if node.tag_name().name() == name {
        Ok(())
    } else {
        Err(ApiError::invalid(at, format!("expected <{name}>")))
    }
}

fn unexpected(name: &str, at: &str) -> ApiError {
    let field = if at.is_empty() { name.to_owned() } else { format!("{at}.{name}") };
    ApiError::invalid(field, "unknown or repeated element")
}

/// Subscriber data as the API answers it (in XML: `<subscriber_data>` with the same names).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SubscriberData)]
pub(super) struct DataOut {
    pub impu: String,
    pub field_groups: Vec<GroupOut>,
}

/// One document's fields as stored.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SubscriberDataGroup)]
pub(super) struct GroupOut {
    pub service_indication: String,
    pub sequence_number: u16,
    pub fields: Vec<FieldOut>,
    /// The Push-Notifications the change of this document sent; left out when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<crate::routes::sh::PushJson>>)]
    pub notified: Option<Vec<Value>>,
}

/// One field and its value (null when the document has none).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SubscriberDataField)]
pub(super) struct FieldOut {
    pub name: String,
    pub value: Option<String>,
}

/// `data` with `status` in `format`, with `headers`.
pub(super) fn respond(
    format: Format,
    status: StatusCode,
    headers: HeaderMap,
    data: &DataOut,
) -> Response {
    let (content_type, body) = match format {
        Format::Json => ("application/json", serde_json::to_string(data).unwrap_or_default()),
        Format::Xml => ("application/xml; charset=utf-8", to_xml(data)),
    };
    let mut response = (status, headers, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn to_xml(data: &DataOut) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<subscriber_data>");
    element(&mut out, "impu", &data.impu);
    out.push_str("<field_groups>");
    for g in &data.field_groups {
        out.push_str("<field_group>");
        element(&mut out, "service_indication", &g.service_indication);
        element(&mut out, "sequence_number", &g.sequence_number.to_string());
        out.push_str("<fields>");
        for f in &g.fields {
            out.push_str("<field>");
            element(&mut out, "name", &f.name);
            match &f.value {
                Some(v) => element(&mut out, "value", v),
                None => out.push_str(&format!(
                    "<value xmlns:xsi=\"{}\" xsi:nil=\"true\"/>",
                    escape_attribute(XSI)
                )),
            }
            out.push_str("</field>");
        }
        out.push_str("</fields>");
        if let Some(notified) = &g.notified {
            out.push_str("<notified>");
            for n in notified {
                value_element(&mut out, "notification", n);
            }
            out.push_str("</notified>");
        }
        out.push_str("</field_group>");
    }
    out.push_str("</field_groups></subscriber_data>\n");
    out
}

fn element(out: &mut String, name: &str, text: &str) {
    out.push_str(&format!("<{name}>{}</{name}>", escape_text(text)));
}

/// A JSON value as an element: an object's members as child elements, a scalar as text; null
/// members are left out.
fn value_element(out: &mut String, name: &str, value: &Value) {
    match value {
        Value::Null => {}
        Value::Object(members) => {
            out.push_str(&format!("<{name}>"));
            for (k, v) in members {
                value_element(out, k, v);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::Array(items) => items.iter().for_each(|v| value_element(out, name, v)),
        Value::String(s) => element(out, name, s),
        other => element(out, name, &other.to_string()),
    }
}
