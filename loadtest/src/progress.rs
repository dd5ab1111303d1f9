//! Progress while the load runs: live counts the connections add to ([`ProgressCounts`]),
//! drawn with `indicatif` on stderr a few times a second. Drawn only when stderr is a terminal
//! and `--quiet` is not given, so CI logs, tests and `--json` pipelines see nothing of it.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How often the display is redrawn.
const TICK: Duration = Duration::from_millis(250);

/// Totals over every connection, warm-up included; each connection adds its news once per
/// turn of its loop.
#[derive(Debug, Default)]
pub(crate) struct ProgressCounts {
    sent: AtomicU64,
    answers: AtomicU64,
    problems: AtomicU64,
}

impl ProgressCounts {
    /// Adds what a connection did since its last report.
    pub fn add(&self, sent: u64, answers: u64, problems: u64) {
        for (counter, n) in
            [(&self.sent, sent), (&self.answers, answers), (&self.problems, problems)]
        {
            if n > 0 {
                counter.fetch_add(n, Ordering::Relaxed);
            }
        }
    }

    /// Sent, answers and problems so far.
    pub fn read(&self) -> (u64, u64, u64) {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        (get(&self.sent), get(&self.answers), get(&self.problems))
    }
}

/// True when progress should be drawn: not `quiet` and stderr is a terminal.
pub(crate) fn wanted(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}

/// The progress display of a run, drawn from a thread of its own so that a slow terminal never
/// holds up the connections; [`Display::finish`] removes it.
#[derive(Debug)]
pub(crate) struct Display {
    stop: mpsc::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Display {
    /// Starts drawing `counts` on stderr, as a bar towards `total` requests when the run
    /// is bounded by a count, else as a spinner.
    pub fn start(counts: Arc<ProgressCounts>, total: Option<u64>) -> Self {
        let template = match total {
            Some(_) => "{spinner} {elapsed_precise} {pos}/{len} sent, {msg} [{wide_bar}]",
            None => "{spinner} {elapsed_precise} {pos} sent, {msg}",
        };
        // The templates are constant and valid; fall back to the default style regardless.
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        let bar =
            ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr()).with_style(style);
        let (stop, stopped) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let mut last = (Instant::now(), 0u64);
            let mut rate = 0.0;
            // Ends on `finish` (a message, or the sender dropped).
            while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(TICK) {
                let (sent, answers, problems) = counts.read();
                let now = Instant::now();
                let secs = now.duration_since(last.0).as_secs_f64();
                if secs >= 1.0 {
                    rate = answers.saturating_sub(last.1) as f64 / secs;
                    last = (now, answers);
                }
                bar.set_position(sent);
                bar.set_message(format!("{answers} answers, {problems} problems, {rate:.0}/s"));
            }
            bar.finish_and_clear();
        });
        Self { stop, thread }
    }

    /// Stops drawing and clears the line.
    pub fn finish(self) {
        let _ = self.stop.send(());
        // The thread only draws; a panic there leaves nothing to clean up.
        let _ = self.thread.join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_counts_add_up() {
        let c = ProgressCounts::default();
        c.add(3, 2, 0);
        c.add(1, 2, 1);
        assert_eq!(c.read(), (4, 4, 1));
    }

    #[test]
    fn quiet_always_hides_progress() {
        assert!(!wanted(true));
    }
}
