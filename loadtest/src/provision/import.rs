//! Provisioning through the bulk import, `POST /subscribers/import` (docs/API.md): NDJSON, one
//! subscriber with its `auth` object per line, `--provision-chunk` lines per request.
//!
//! The server imports the good lines and reports the others; a line refused as
//! `subscriber.duplicate` is a subscriber already provisioned (counted as existing), any other
//! failure stops provisioning. The answer lists only the first 100 failures: when it counted
//! more, the lines it did not list are sent again, 100 at a time, so that every failure is seen
//! (lines the first request imported now come back as duplicates, which is fine).

use std::collections::HashSet;

use serde_json::Value;

use super::rest::Api;
use super::subscriber::{TEST_KI, TEST_OPC, subscriber};
use super::summary::ProvisionSummary;
use crate::config::Config;
use crate::error::LoadError;

/// The import path.
const PATH: &str = "/subscribers/import";

/// Failures an import answer lists at most (it counts them all).
const LISTED: usize = 100;

/// The failure that means "already provisioned".
const DUPLICATE: &str = "subscriber.duplicate";

/// One failed line of an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LineError {
    /// 1-based line of the request body.
    line: usize,
    code: String,
    detail: String,
}

/// An import answer.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Outcome {
    imported: u64,
    failed: u64,
    errors: Vec<LineError>,
}

/// Imports every IMSI of the run. `Ok(false)` when the server has no import (404 or 405 to the
/// first request): nothing was sent, the caller falls back to one request per object.
pub(super) fn import(
    api: &Api<'_>,
    config: &Config,
    summary: &mut ProvisionSummary,
) -> Result<bool, LoadError> {
    let range = config.imsi_range()?;
    let chunk = config.provision_chunk.max(1) as u64;
    let mut start = 0;
    while start < range.len() {
        let end = (start + chunk).min(range.len());
        let imsis: Vec<String> = (start..end).filter_map(|i| range.get(i)).collect();
        let lines: Vec<String> =
            imsis.iter().map(|imsi| line(imsi, config.apn_profile_id)).collect();
        let Some(outcome) = send(api, &lines, summary)? else {
            if start == 0 {
                return Ok(false);
            }
            return Err(failed(api, "the import path vanished (404) halfway".into()));
        };
        account(api, &imsis, &lines, &outcome, summary)?;
        start = end;
    }
    summary.bulk = true;
    Ok(true)
}

/// The NDJSON line of `imsi`: its subscriber and its keys.
fn line(imsi: &str, apn_profile_id: u32) -> String {
    let mut s = subscriber(imsi, apn_profile_id);
    s["auth"] = serde_json::json!({"ki": TEST_KI, "opc": TEST_OPC});
    s.to_string()
}

fn failed(api: &Api<'_>, detail: String) -> LoadError {
    LoadError::Provision { request: api.request_name(PATH), detail }
}

/// Sends `lines` as one import: the answer, `None` on 404 or 405 (no import on this server),
/// an error on any other status or an answer that does not account for every line.
fn send(
    api: &Api<'_>,
    lines: &[String],
    summary: &mut ProvisionSummary,
) -> Result<Option<Outcome>, LoadError> {
    let mut body = lines.join("\n");
    body.push('\n');
    let (status, text) = api.post_ndjson(PATH, body.as_bytes())?;
    summary.import_requests += 1;
    match status {
        200 => {}
        404 | 405 => return Ok(None),
        _ => return Err(failed(api, format!("HTTP {status}: {}", text.trim()))),
    }
    let outcome = parse(&text).ok_or_else(|| failed(api, format!("unreadable answer: {text}")))?;
    if outcome.imported + outcome.failed != lines.len() as u64 {
        let (i, f, n) = (outcome.imported, outcome.failed, lines.len());
        return Err(failed(api, format!("{i} imported + {f} failed of {n} lines")));
    }
    Ok(Some(outcome))
}

/// Reads `{"imported": n, "failed": n, "errors": [{"line": n, "error": {...}}]}`.
fn parse(text: &str) -> Option<Outcome> {
    let v: Value = serde_json::from_str(text).ok()?;
    let mut errors = Vec::new();
    for e in v["errors"].as_array()? {
        let error = &e["error"];
        let code = error["code"].as_str()?.to_owned();
        let field = error["field"].as_str().map(|f| format!(" ({f})")).unwrap_or_default();
        let message = error["message"].as_str().unwrap_or_default();
        let detail = format!("{code}{field}: {message}");
        errors.push(LineError { line: usize::try_from(e["line"].as_u64()?).ok()?, code, detail });
    }
    Some(Outcome { imported: v["imported"].as_u64()?, failed: v["failed"].as_u64()?, errors })
}

/// Checks that every failure listed in `outcome` is a duplicate; `imsis[i]` is on line `i + 1`.
fn check_duplicates(api: &Api<'_>, imsis: &[&str], outcome: &Outcome) -> Result<(), LoadError> {
    match outcome.errors.iter().find(|e| e.code != DUPLICATE) {
        None => Ok(()),
        Some(e) => {
            let imsi = e.line.checked_sub(1).and_then(|i| imsis.get(i)).unwrap_or(&"?");
            Err(failed(api, format!("line {} (IMSI {imsi}): {}", e.line, e.detail)))
        }
    }
}

/// Adds a chunk's answer to `summary`, first making sure that every failure is a duplicate
/// (sending the unlisted lines again when the answer did not list every failure).
fn account(
    api: &Api<'_>,
    imsis: &[String],
    lines: &[String],
    outcome: &Outcome,
    summary: &mut ProvisionSummary,
) -> Result<(), LoadError> {
    let names: Vec<&str> = imsis.iter().map(String::as_str).collect();
    check_duplicates(api, &names, outcome)?;
    let (mut imported, mut existing) = (outcome.imported, outcome.failed);
    if outcome.failed > outcome.errors.len() as u64 {
        let listed: HashSet<usize> = outcome.errors.iter().map(|e| e.line).collect();
        let unlisted: Vec<usize> =
            (0..lines.len()).filter(|i| !listed.contains(&(i + 1))).collect();
        for group in unlisted.chunks(LISTED) {
            let again: Vec<String> = group.iter().map(|&i| lines[i].clone()).collect();
            let names: Vec<&str> = group.iter().map(|&i| names[i]).collect();
            let Some(o) = send(api, &again, summary)? else {
                return Err(failed(api, "the import path vanished (404) halfway".into()));
            };
            if o.failed != o.errors.len() as u64 {
                let detail = format!("{} failures but {} listed", o.failed, o.errors.len());
                return Err(failed(api, detail));
            }
            check_duplicates(api, &names, &o)?;
            // A line that failed unlisted and imports now was no duplicate after all.
            imported += o.imported;
            existing = existing.saturating_sub(o.imported);
        }
    }
    summary.imported += imported;
    summary.failed += existing;
    summary.subscribers_created += imported;
    summary.auth_data_created += imported;
    summary.subscribers_existing += existing;
    summary.auth_data_existing += existing;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_carry_the_subscriber_and_its_keys() {
        let v: Value = serde_json::from_str(&line("001010000000001", 7)).expect("JSON line");
        assert_eq!(v["imsi"], "001010000000001");
        assert_eq!(v["apns"][0]["profile"], 7);
        assert_eq!(v["auth"]["ki"], TEST_KI);
        assert_eq!(v["auth"]["opc"], TEST_OPC);
        assert!(!line("001010000000001", 7).contains('\n'));
    }

    #[test]
    fn answers_parse_with_their_line_errors() {
        let text = r#"{"imported": 2, "failed": 1, "errors": [{"line": 3, "error":
            {"code": "subscriber.duplicate", "message": "taken", "field": "imsi"}}]}"#;
        let o = parse(text).expect("parses");
        assert_eq!((o.imported, o.failed), (2, 1));
        assert_eq!(o.errors[0].line, 3);
        assert_eq!(o.errors[0].code, DUPLICATE);
        assert_eq!(o.errors[0].detail, "subscriber.duplicate (imsi): taken");
        assert_eq!(parse(r#"{"imported": 1}"#), None);
        assert_eq!(parse("not json"), None);
    }
}
