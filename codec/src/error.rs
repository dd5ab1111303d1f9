//! Decoding and validation errors, and their mapping to RFC 6733 Result-Codes.
//!
//! Errors are values: nothing derived from the network panics. A [`FrameError`] means the byte
//! stream can no longer be trusted and the connection closes; a [`MessageError`] is answered
//! with its Result-Code and, where RFC 6733 §7.5 asks for one, a Failed-AVP.

use crate::code::{AvpCode, ResultCode, VendorId};

/// The stream is out of sync: the header length cannot be trusted (RFC 6733 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FrameError {
    /// Version field other than 1.
    #[error("unsupported Diameter version {0}")]
    BadVersion(u8),
    /// Message length smaller than the header or not a multiple of 4.
    #[error("invalid message length {0}")]
    BadLength(u32),
    /// Message length larger than the configured maximum.
    #[error("message length {len} exceeds the limit of {max}")]
    TooLong { len: u32, max: u32 },
}

/// What a Failed-AVP (RFC 6733 §7.5) should carry for an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailedAvp {
    /// Copy the offending AVP, found at `offset..offset + len` of the message bytes.
    At { offset: usize, len: usize },
    /// An AVP whose own length field is wrong (5014): RFC 6733 §7.5 asks for the AVP header
    /// with the bad length, at `offset` of the message, and the data that was actually there.
    BadLength { offset: usize, avail: usize },
    /// A missing AVP (5005): an example AVP with this code and vendor and a zero-filled payload
    /// of the minimum length for its type.
    Missing { code: AvpCode, vendor: VendorId, min_len: usize },
}

/// A well-framed message that is malformed or breaks the dictionary's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{reason} (Result-Code {result_code:?})")]
pub struct MessageError {
    /// The Result-Code the answer carries.
    pub result_code: ResultCode,
    /// What the Failed-AVP of the answer holds, if the error names an AVP.
    pub failed_avp: Option<FailedAvp>,
    /// A short description for logs.
    pub reason: &'static str,
}

impl MessageError {
    pub(crate) const fn new(result_code: ResultCode, reason: &'static str) -> Self {
        Self { result_code, failed_avp: None, reason }
    }

    pub(crate) const fn at(
        result_code: ResultCode,
        offset: usize,
        len: usize,
        reason: &'static str,
    ) -> Self {
        Self { result_code, failed_avp: Some(FailedAvp::At { offset, len }), reason }
    }

    /// A 5005 for the AVP `code`/`vendor`, whose minimum payload length is `min_len`.
    pub const fn missing(code: AvpCode, vendor: VendorId, min_len: usize) -> Self {
        Self {
            result_code: ResultCode::MISSING_AVP,
            failed_avp: Some(FailedAvp::Missing { code, vendor, min_len }),
            reason: "required AVP missing",
        }
    }
}
