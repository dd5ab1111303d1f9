//! Deterministic tests of the engine's middle layer, without sockets or threads: hand-off,
//! slow lane, outbound routing and the pending-answer table, through `HssConnection` itself.

mod lanes;
mod outbound;
mod outstanding;
mod support;
