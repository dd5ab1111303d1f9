//! [`handle_input`]: the framing step shared by plain and TLS connections (`conn.rs`,
//! `tls_session.rs`): whole messages of a read buffer go to the handler, the tail stays.

use std::time::Instant;

use bytes::BytesMut;
use codec::{FrameError, Frames};

use super::buffer::ReadBuffer;
use super::stats::{ShardStats, add};
use super::{ConnectionHandler, Flow};

/// Hands every complete message of the buffer to the handler and keeps the incomplete tail.
pub(crate) fn handle_input<H: ConnectionHandler>(
    input: &mut ReadBuffer,
    handler: &mut H,
    now: Instant,
    out: &mut BytesMut,
    stats: &ShardStats,
) -> Result<Flow, FrameError> {
    let limit = input.limit();
    // Counting the complete frames first reads only their headers.
    let complete = Frames::with_limit(input.filled(), limit).take_while(Result::is_ok).count();
    if complete > 0 {
        handler.on_batch_start(complete);
    }
    let mut frames = Frames::with_limit(input.filled(), limit);
    let mut verdict = Flow::Continue;
    let mut count = 0;
    let mut error = None;
    for frame in frames.by_ref() {
        match frame {
            Ok(frame) => {
                count += 1;
                verdict = handler.on_frame(frame, now, out);
                if verdict != Flow::Continue {
                    break;
                }
            }
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    let consumed = frames.consumed();
    input.consume(consumed);
    add(&stats.frames, count);
    if complete > 0 {
        let end = handler.on_batch_end(now, out);
        if verdict == Flow::Continue {
            verdict = end;
        }
    }
    match error {
        Some(e) => Err(e),
        None => Ok(verdict),
    }
}
