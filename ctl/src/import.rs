//! `hssctl import`: an NDJSON file sent in chunks of lines to the bulk import, with a progress
//! bar on standard error (when it is a terminal), every chunk under one operation id so the
//! whole file can be rolled back at once; the failed lines are reported with their line
//! numbers in the file.

use std::io::IsTerminal;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Value, json};

use crate::ImportArgs;
use crate::client::{Client, CtlError, segment};
use crate::output::write_line;

/// Failed lines listed in the summary (all are counted).
const MAX_LISTED: usize = 100;

/// Runs the import `args` describes.
pub(crate) fn run(client: &Client, args: &ImportArgs) -> Result<(), CtlError> {
    let text = std::fs::read(&args.file)
        .map_err(|e| CtlError::Local(format!("{}: {e}", args.file.display())))?;
    let lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
    let total = lines.iter().filter(|l| !l.iter().all(u8::is_ascii_whitespace)).count();
    let chunk = args.chunk.clamp(1, 100_000);
    let operation_id = args.operation_id.clone().unwrap_or_else(|| {
        let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        format!("import-{secs}")
    });
    let path = if args.ims { "/ims-subscriptions/import" } else { "/subscribers/import" };
    let path = format!("{path}?operation_id={}", segment(&operation_id));
    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let style = ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} lines ({per_sec}, {eta} left)",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr())
            .with_style(style)
    };
    bar.enable_steady_tick(Duration::from_millis(250));
    let (mut imported, mut failed) = (0u64, 0u64);
    let mut errors: Vec<Value> = Vec::new();
    let mut start = 0;
    while start < lines.len() {
        // `chunk` subscriber lines (blank ones ride along, to keep line numbers).
        let mut end = start;
        let mut taken = 0;
        while end < lines.len() && taken < chunk {
            if !lines[end].iter().all(u8::is_ascii_whitespace) {
                taken += 1;
            }
            end += 1;
        }
        let body = lines[start..end].join(&b'\n');
        if taken > 0 {
            let answer = client.call("POST", &path, Some(("application/x-ndjson", &body)))?;
            imported += answer["imported"].as_u64().unwrap_or(0);
            failed += answer["failed"].as_u64().unwrap_or(0);
            for e in answer["errors"].as_array().into_iter().flatten() {
                if errors.len() < MAX_LISTED {
                    let line = e["line"].as_u64().unwrap_or(0) + start as u64;
                    errors.push(json!({"line": line, "error": e["error"]}));
                }
            }
            bar.inc(taken as u64);
        }
        start = end;
    }
    bar.finish_and_clear();
    let summary = json!({
        "file": args.file.display().to_string(),
        "operation_id": operation_id,
        "imported": imported,
        "failed": failed,
        "errors": errors,
    });
    write_line(&serde_json::to_string_pretty(&summary).unwrap_or_default())?;
    if failed > 0 {
        return Err(CtlError::Local(format!(
            "{failed} line(s) failed; roll the import back with: hssctl rollback --group {operation_id}"
        )));
    }
    Ok(())
}
