//! The 20-byte Diameter header (RFC 6733 §3).
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |    Version    |                 Message Length                |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! | command flags |                  Command Code                 |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                         Application-ID                        |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                      Hop-by-Hop Identifier                    |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                      End-to-End Identifier                    |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```

use crate::code::{ApplicationId, CommandCode};
use crate::error::FrameError;

/// Length of the Diameter header in bytes.
pub const HEADER_LEN: usize = 20;

/// The only Diameter version (RFC 6733 §3: "This Version field MUST be set to 1").
pub const VERSION: u8 = 1;

/// Command flags (RFC 6733 §3): R, P, E, T and four reserved bits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CommandFlags(pub u8);

impl CommandFlags {
    /// R: the message is a request.
    pub const REQUEST: u8 = 0x80;
    /// P: the message may be proxied, relayed or redirected.
    pub const PROXIABLE: u8 = 0x40;
    /// E: the message contains a protocol error.
    pub const ERROR: u8 = 0x20;
    /// T: potentially retransmitted message.
    pub const RETRANSMIT: u8 = 0x10;
    /// The four reserved bits, which "MUST be set to zero" (RFC 6733 §3).
    pub const RESERVED: u8 = 0x0f;

    /// True when the R bit is set.
    pub fn is_request(self) -> bool {
        self.0 & Self::REQUEST != 0
    }
    /// True when the P bit is set.
    pub fn is_proxiable(self) -> bool {
        self.0 & Self::PROXIABLE != 0
    }
    /// True when the E bit is set.
    pub fn is_error(self) -> bool {
        self.0 & Self::ERROR != 0
    }
    /// True when the T bit is set.
    pub fn is_retransmit(self) -> bool {
        self.0 & Self::RETRANSMIT != 0
    }
}

impl std::fmt::Debug for CommandFlags {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bit = |mask: u8, c: char| if self.0 & mask != 0 { c } else { '-' };
        write!(
            f,
            "{}{}{}{}",
            bit(Self::REQUEST, 'R'),
            bit(Self::PROXIABLE, 'P'),
            bit(Self::ERROR, 'E'),
            bit(Self::RETRANSMIT, 'T')
        )?;
        if self.0 & Self::RESERVED != 0 {
            write!(f, "+{:#04x}", self.0 & Self::RESERVED)?;
        }
        Ok(())
    }
}

/// A decoded Diameter header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Version; always 1 for a header that decoded.
    pub version: u8,
    /// Message length including the header (24 bits).
    pub length: u32,
    /// R/P/E/T flags.
    pub flags: CommandFlags,
    /// Command code (24 bits).
    pub code: CommandCode,
    /// Application id.
    pub application: ApplicationId,
    /// Hop-by-hop identifier.
    pub hop_by_hop: u32,
    /// End-to-end identifier.
    pub end_to_end: u32,
}

impl Header {
    /// Reads the header at the start of `buf` without checking the length against `buf`.
    ///
    /// Fails when fewer than 20 bytes are given, the version is not 1, or the length is below 20
    /// or not a multiple of 4: in each case the stream cannot be trusted (RFC 6733 §3).
    pub fn parse(buf: &[u8]) -> Result<Option<Header>, FrameError> {
        let Some(h) = buf.first_chunk::<HEADER_LEN>() else {
            return Ok(None);
        };
        if h[0] != VERSION {
            return Err(FrameError::BadVersion(h[0]));
        }
        let length = u32::from_be_bytes([0, h[1], h[2], h[3]]);
        if (length as usize) < HEADER_LEN || !length.is_multiple_of(4) {
            return Err(FrameError::BadLength(length));
        }
        let word = |i: usize| u32::from_be_bytes([h[i], h[i + 1], h[i + 2], h[i + 3]]);
        Ok(Some(Header {
            version: h[0],
            length,
            flags: CommandFlags(h[4]),
            code: CommandCode(u32::from_be_bytes([0, h[5], h[6], h[7]])),
            application: ApplicationId(word(8)),
            hop_by_hop: word(12),
            end_to_end: word(16),
        }))
    }

    /// Writes this header into `out` (which must hold 20 bytes).
    pub fn write(&self, out: &mut [u8; HEADER_LEN]) {
        out[0] = self.version;
        out[1..4].copy_from_slice(&self.length.to_be_bytes()[1..]);
        out[4] = self.flags.0;
        out[5..8].copy_from_slice(&self.code.0.to_be_bytes()[1..]);
        out[8..12].copy_from_slice(&self.application.0.to_be_bytes());
        out[12..16].copy_from_slice(&self.hop_by_hop.to_be_bytes());
        out[16..20].copy_from_slice(&self.end_to_end.to_be_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_writes_back() {
        let bytes: [u8; 20] = [
            0x01, 0x00, 0x00, 0x40, // version 1, length 64
            0xc0, 0x00, 0x01, 0x3e, // R+P, command 318 (AIR)
            0x01, 0x00, 0x00, 0x23, // application 16777251 (S6a)
            0x00, 0x00, 0x00, 0x07, // hop-by-hop
            0x12, 0x34, 0x56, 0x78, // end-to-end
        ];
        let h = Header::parse(&bytes).unwrap().unwrap();
        assert_eq!(h.length, 64);
        assert!(h.flags.is_request() && h.flags.is_proxiable() && !h.flags.is_error());
        assert_eq!(h.code, CommandCode::AUTHENTICATION_INFORMATION);
        assert_eq!(h.application, ApplicationId::S6A);
        assert_eq!((h.hop_by_hop, h.end_to_end), (7, 0x1234_5678));
        let mut out = [0u8; 20];
        h.write(&mut out);
        assert_eq!(out, bytes);
    }

    #[test]
    fn rejects_untrustworthy_headers() {
        let mut b = [0u8; 20];
        b[0] = 2;
        assert_eq!(Header::parse(&b), Err(FrameError::BadVersion(2)));
        b[0] = 1;
        b[3] = 19;
        assert_eq!(Header::parse(&b), Err(FrameError::BadLength(19)));
        b[3] = 22;
        assert_eq!(Header::parse(&b), Err(FrameError::BadLength(22)));
        assert_eq!(Header::parse(&b[..19]), Ok(None));
    }
}
