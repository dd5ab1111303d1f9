//! The header fields of raw message bytes (requests or answers), read without parsing the
//! rest, and the whole message parsed.

use codec::Message;

/// `bytes` parsed as one whole message.
pub fn msg(bytes: &[u8]) -> Message<'_> {
    Message::parse(bytes).expect("a whole message")
}

/// The hop-by-hop identifier.
pub fn hop_by_hop(m: &[u8]) -> u32 {
    u32::from_be_bytes([m[12], m[13], m[14], m[15]])
}

/// Whether the R bit is set.
pub fn is_request(m: &[u8]) -> bool {
    m[4] & 0x80 != 0
}

/// Whether the E bit is set.
pub fn is_error_bit(m: &[u8]) -> bool {
    m[4] & 0x20 != 0
}

/// The command code.
pub fn command_code(m: &[u8]) -> u32 {
    u32::from_be_bytes([0, m[5], m[6], m[7]])
}
