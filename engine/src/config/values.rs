//! Values as the sources give them ([`Raw`]), and the checks that turn them into settings:
//! one per kind of value, each returning the message that follows `key: ` in an error.

use std::net::SocketAddr;
use std::path::PathBuf;

/// A value as one source gives it, before checking.
#[derive(Debug)]
pub(super) enum Raw {
    Text(String),
    Integer(i64),
    Bool(bool),
    List(Vec<String>),
    /// A TOML value of another type, named.
    Other(&'static str),
}

impl Raw {
    pub(super) fn from_toml(value: toml::Value) -> Self {
        match value {
            toml::Value::String(s) => Raw::Text(s),
            toml::Value::Integer(i) => Raw::Integer(i),
            toml::Value::Array(items) => {
                let mut list = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        toml::Value::String(s) => list.push(s),
                        _ => return Raw::Other("a list of non-strings"),
                    }
                }
                Raw::List(list)
            }
            toml::Value::Boolean(b) => Raw::Bool(b),
            toml::Value::Float(_) => Raw::Other("a float"),
            toml::Value::Datetime(_) => Raw::Other("a date"),
            toml::Value::Table(_) => Raw::Other("a table"),
        }
    }
}

pub(super) fn text(raw: Raw) -> Result<String, String> {
    match raw {
        Raw::Text(s) => Ok(s),
        Raw::Integer(i) => Err(format!("expected a string, not the number {i}")),
        Raw::Bool(b) => Err(format!("expected a string, not the boolean {b}")),
        Raw::List(_) => Err("expected a string, not a list".into()),
        Raw::Other(what) => Err(format!("expected a string, not {what}")),
    }
}

pub(super) fn non_empty(s: String) -> Result<String, String> {
    if s.is_empty() { Err("must not be empty".into()) } else { Ok(s) }
}

pub(super) fn socket_address(raw: Raw) -> Result<SocketAddr, String> {
    let s = match raw {
        Raw::Integer(i) => i.to_string(),
        other => text(other)?,
    };
    s.parse().map_err(|_| format!("invalid socket address {s:?}, expected IP:PORT"))
}

/// `true`/`false` (TOML booleans, or the words `true`, `false`, `yes`, `no`, `1`, `0`).
pub(super) fn boolean(raw: Raw) -> Result<bool, String> {
    if let Raw::Bool(b) = raw {
        return Ok(b);
    }
    let s = text(raw)?;
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Ok(true),
        "false" | "no" | "0" => Ok(false),
        _ => Err(format!("must be true or false, not {s:?}")),
    }
}

pub(super) fn number(raw: Raw, min: u64, max: u64) -> Result<u64, String> {
    let n = match raw {
        Raw::Integer(i) => {
            u64::try_from(i).map_err(|_| format!("must be between {min} and {max}, not {i}"))?
        }
        other => {
            let s = text(other)?;
            s.trim().parse::<u64>().map_err(|_| format!("invalid number {s:?}"))?
        }
    };
    if n < min || n > max {
        return Err(format!("must be between {min} and {max}, not {n}"));
    }
    Ok(n)
}

/// A string of exactly one of `lengths` decimal digits (MCC, MNC). A TOML integer is read as
/// its digits, so `mcc = 208` works; `mnc = 1` is refused rather than guessed at.
pub(super) fn digits(raw: Raw, lengths: &[usize], what: &str) -> Result<String, String> {
    let s = match raw {
        Raw::Integer(i) => i.to_string(),
        other => text(other)?,
    };
    if !lengths.contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("must be {what}, not {s:?}"));
    }
    Ok(s)
}

pub(super) fn path_value(raw: Raw) -> Result<PathBuf, String> {
    text(raw).and_then(non_empty).map(PathBuf::from)
}

/// A DiameterIdentity: an FQDN (RFC 6733 §4.3.1), checked as a host name (RFC 1123 labels).
pub(super) fn identity(raw: Raw) -> Result<String, String> {
    let s = text(raw)?;
    check_fqdn(&s).map_err(|why| format!("not a valid host name {s:?}: {why}"))?;
    Ok(s)
}

fn check_fqdn(s: &str) -> Result<(), &'static str> {
    if s.is_empty() {
        return Err("empty");
    }
    if s.len() > 253 {
        return Err("longer than 253 characters");
    }
    for label in s.split('.') {
        if label.is_empty() {
            return Err("empty label");
        }
        if label.len() > 63 {
            return Err("label longer than 63 characters");
        }
        if !label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err("only letters, digits, '-' and '.' are allowed");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("a label starts or ends with '-'");
        }
    }
    Ok(())
}

/// `text` or `json`.
pub(super) fn log_format(raw: Raw) -> Result<crate::logging::LogFormat, String> {
    let s = text(raw)?;
    match s.trim().to_ascii_lowercase().as_str() {
        "text" => Ok(crate::logging::LogFormat::Text),
        "json" => Ok(crate::logging::LogFormat::Json),
        _ => Err(format!("must be text or json, not {s:?}")),
    }
}
