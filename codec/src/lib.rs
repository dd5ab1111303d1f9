//! Zero-copy Diameter codec (RFC 6733) with the HSS dictionary: base, S6a/S6d, S13, Cx, Sh, SWx.
//!
//! Pure library: no sockets, no async, no database. Decoding borrows the caller's buffer;
//! encoding appends to a caller-owned `BytesMut`. Errors are values mapped to Result-Codes.
//!
//! - [`framing`] splits a byte stream into messages;
//! - [`Message`], [`RawAvp`] and [`AvpIter`] read them without copying;
//! - [`dict`] holds the compile-time dictionary and [`validate`] checks a message against it;
//! - [`MessageWriter`] and [`AvpWriter`] encode;
//! - [`pretty`] prints a message as a readable tree.

pub mod avp;
pub mod build;
pub mod code;
pub mod dict;
pub mod error;
#[cfg(any(test, feature = "samples"))]
pub mod exercise;
pub mod framing;
pub mod header;
pub mod message;
pub mod pretty;
#[cfg(any(test, feature = "samples"))]
pub mod samples;
pub mod validate;
pub mod view;
pub mod writer;

pub use avp::{Address, AvpFlags, AvpIter, DiameterUri, RawAvp};
pub use code::{ApplicationId, AvpCode, CommandCode, ResultCode, VendorId};
pub use error::{FailedAvp, FrameError, MessageError};
pub use framing::Frames;
pub use header::{CommandFlags, HEADER_LEN, Header};
pub use message::Message;
pub use writer::{AvpWriter, MessageWriter};
