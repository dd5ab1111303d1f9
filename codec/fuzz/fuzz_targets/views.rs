//! Every typed view (S6a/S6d, S13, Cx, Sh, SWx and the base protocol's) on every frame,
//! whatever its command code: `parse`, then the accessors a handler calls on a view that
//! parses, the promises the views document (an iterator over AVPs that `parse` checked loses
//! none), and the error answer (and refusing CEA) to every refusal, which must decode. The
//! work is `codec::exercise::stream`, shared with `codec/tests/view_props.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| codec::exercise::stream(data));
