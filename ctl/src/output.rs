//! What hssctl prints: answers as pretty JSON, lists as one JSON object per line, on standard
//! output.

use std::io::Write;

use serde_json::Value;

use crate::client::CtlError;

/// An answer as pretty JSON (nothing for an empty one).
pub(crate) fn print(value: &Value) -> Result<(), CtlError> {
    if value.is_null() {
        return Ok(());
    }
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    write_line(&text)
}

/// Items as one JSON object per line.
pub(crate) fn lines(items: &[Value]) -> Result<(), CtlError> {
    for item in items {
        write_line(&item.to_string())?;
    }
    Ok(())
}

/// One line on standard output.
pub(crate) fn write_line(text: &str) -> Result<(), CtlError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}").map_err(|e| CtlError::Local(format!("stdout: {e}")))
}
