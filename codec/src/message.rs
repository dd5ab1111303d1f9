//! A whole Diameter message borrowed from a buffer.

use crate::avp::{AvpIter, RawAvp};
use crate::code::{AvpCode, ResultCode, VendorId};
use crate::error::{FrameError, MessageError};
use crate::header::{CommandFlags, HEADER_LEN, Header};

/// A Diameter message: its header and a view of its bytes. AVPs are decoded on demand.
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    /// The decoded header.
    pub header: Header,
    /// The whole message, exactly `header.length` bytes.
    pub bytes: &'a [u8],
}

impl<'a> Message<'a> {
    /// Reads a message that fills `frame` exactly, as split by [`crate::framing`].
    pub fn parse(frame: &'a [u8]) -> Result<Self, FrameError> {
        match Header::parse(frame)? {
            Some(header) if header.length as usize == frame.len() => {
                Ok(Self { header, bytes: frame })
            }
            Some(header) => Err(FrameError::BadLength(header.length)),
            None => Err(FrameError::BadLength(frame.len() as u32)),
        }
    }

    /// True when the R bit is set.
    pub fn is_request(&self) -> bool {
        self.header.flags.is_request()
    }

    /// The top-level AVPs.
    pub fn avps(&self) -> AvpIter<'a> {
        AvpIter::new(&self.bytes[HEADER_LEN..], HEADER_LEN)
    }

    /// The first top-level AVP with this code and vendor.
    pub fn find(
        &self,
        code: AvpCode,
        vendor: VendorId,
    ) -> Result<Option<RawAvp<'a>>, MessageError> {
        for avp in self.avps() {
            let avp = avp?;
            if avp.is(code, vendor) {
                return Ok(Some(avp));
            }
        }
        Ok(None)
    }

    /// Checks the header bits a receiver must reject with 3008 DIAMETER_INVALID_HDR_BITS: the
    /// reserved bits (RFC 6733 §3 "MUST be set to zero"), E set on a request, and T on an answer.
    pub fn check_header_bits(&self) -> Result<(), MessageError> {
        let f = self.header.flags;
        let bad = f.0 & CommandFlags::RESERVED != 0 || (f.is_request() && f.is_error());
        if bad {
            return Err(MessageError::new(
                ResultCode::INVALID_HDR_BITS,
                "invalid command flag bits",
            ));
        }
        Ok(())
    }
}
