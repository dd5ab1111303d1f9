//! AVPs (RFC 6733 §4): the header, zero-copy iteration and typed value accessors.
//!
//! ```text
//!  0                   1                   2                   3
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                           AVP Code                            |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |V M P r r r r r|                  AVP Length                   |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                        Vendor-ID (opt)                        |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |    Data ...
//! +-+-+-+-+-+-+-+-+
//! ```
//!
//! AVP Length counts the header and the data but not the padding to the next multiple of 4.
//! Every [`RawAvp`] borrows the message buffer and remembers its offset in the message so an
//! error can point a Failed-AVP at it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::code::{AvpCode, ResultCode, VendorId};
use crate::error::{FailedAvp, MessageError};

/// AVP flags (RFC 6733 §4.1).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AvpFlags(pub u8);

impl AvpFlags {
    /// V: a Vendor-ID field follows the length.
    pub const VENDOR: u8 = 0x80;
    /// M: the receiver must understand this AVP or reject the message.
    pub const MANDATORY: u8 = 0x40;
    /// P: end-to-end security (deprecated by RFC 6733, kept for decoding).
    pub const PROTECTED: u8 = 0x20;
    /// The five reserved bits.
    pub const RESERVED: u8 = 0x1f;

    /// True when the V bit is set.
    pub fn is_vendor(self) -> bool {
        self.0 & Self::VENDOR != 0
    }
    /// True when the M bit is set.
    pub fn is_mandatory(self) -> bool {
        self.0 & Self::MANDATORY != 0
    }
}

impl std::fmt::Debug for AvpFlags {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bit = |mask: u8, c: char| if self.0 & mask != 0 { c } else { '-' };
        write!(
            f,
            "{}{}{}",
            bit(Self::VENDOR, 'V'),
            bit(Self::MANDATORY, 'M'),
            bit(Self::PROTECTED, 'P')
        )
    }
}

/// Rounds an AVP length up to the next multiple of four.
pub const fn padded(len: usize) -> usize {
    (len + 3) & !3
}

/// One AVP borrowed from a message buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawAvp<'a> {
    /// AVP code.
    pub code: AvpCode,
    /// Flags byte.
    pub flags: AvpFlags,
    /// Vendor id; [`VendorId::IETF`] when the V bit is clear.
    pub vendor: VendorId,
    /// The value, without header or padding.
    pub data: &'a [u8],
    /// The whole AVP: header and value, without padding.
    pub raw: &'a [u8],
    /// Offset of the AVP in the message it came from.
    pub offset: usize,
}

impl<'a> RawAvp<'a> {
    /// Length of the AVP header (8, or 12 with a Vendor-ID).
    pub fn header_len(&self) -> usize {
        self.raw.len() - self.data.len()
    }

    /// True when this AVP has the given code and vendor.
    pub fn is(&self, code: AvpCode, vendor: VendorId) -> bool {
        self.code == code && self.vendor == vendor
    }

    fn error(&self, code: ResultCode, reason: &'static str) -> MessageError {
        MessageError::at(code, self.offset, self.raw.len(), reason)
    }

    fn fixed<const N: usize>(&self) -> Result<[u8; N], MessageError> {
        self.data.try_into().map_err(|_| {
            self.error(ResultCode::INVALID_AVP_LENGTH, "wrong length for the AVP's type")
        })
    }

    /// Unsigned32 / Enumerated-as-unsigned value.
    pub fn u32(&self) -> Result<u32, MessageError> {
        self.fixed().map(u32::from_be_bytes)
    }
    /// Integer32 or Enumerated value.
    pub fn i32(&self) -> Result<i32, MessageError> {
        self.fixed().map(i32::from_be_bytes)
    }
    /// Unsigned64 value.
    pub fn u64(&self) -> Result<u64, MessageError> {
        self.fixed().map(u64::from_be_bytes)
    }
    /// Integer64 value.
    pub fn i64(&self) -> Result<i64, MessageError> {
        self.fixed().map(i64::from_be_bytes)
    }
    /// Float32 value.
    pub fn f32(&self) -> Result<f32, MessageError> {
        self.fixed().map(f32::from_be_bytes)
    }
    /// Float64 value.
    pub fn f64(&self) -> Result<f64, MessageError> {
        self.fixed().map(f64::from_be_bytes)
    }
    /// Time value: seconds since 1900-01-01 00:00 UTC (NTP format, RFC 6733 §4.3.1).
    pub fn time(&self) -> Result<u32, MessageError> {
        self.u32()
    }
    /// Enumerated value (an Integer32 on the wire, RFC 6733 §4.3.1).
    pub fn enumerated(&self) -> Result<i32, MessageError> {
        self.i32()
    }
    /// Time value as a [`SystemTime`]. NTP seconds wrap in 2036; values below 2^31 are read in
    /// the era that starts then, as RFC 6733 §4.3.1 describes.
    pub fn system_time(&self) -> Result<SystemTime, MessageError> {
        Ok(ntp_to_system_time(self.time()?))
    }
    /// DiameterIdentity value (an FQDN or realm).
    pub fn identity(&self) -> Result<&'a str, MessageError> {
        self.utf8()
    }
    /// DiameterURI value, parsed (RFC 6733 §4.3.1); a malformed URI is a 5004.
    pub fn diameter_uri(&self) -> Result<DiameterUri<'a>, MessageError> {
        DiameterUri::parse(self.utf8()?)
            .ok_or_else(|| self.error(ResultCode::INVALID_AVP_VALUE, "malformed DiameterURI"))
    }
    /// OctetString value.
    pub fn octets(&self) -> &'a [u8] {
        self.data
    }
    /// UTF8String, DiameterIdentity or DiameterURI value; invalid UTF-8 is a 5004.
    pub fn utf8(&self) -> Result<&'a str, MessageError> {
        std::str::from_utf8(self.data)
            .map_err(|_| self.error(ResultCode::INVALID_AVP_VALUE, "value is not valid UTF-8"))
    }
    /// Address value (RFC 6733 §4.3.1): a 2-byte IANA address family then the address.
    pub fn address(&self) -> Result<Address<'a>, MessageError> {
        let Some((family, rest)) = self.data.split_first_chunk::<2>() else {
            return Err(
                self.error(ResultCode::INVALID_AVP_LENGTH, "Address shorter than its family")
            );
        };
        match (u16::from_be_bytes(*family), rest.len()) {
            (1, 4) => Ok(Address::Ip(IpAddr::V4(Ipv4Addr::from(
                <[u8; 4]>::try_from(rest).unwrap_or_default(),
            )))),
            (2, 16) => Ok(Address::Ip(IpAddr::V6(Ipv6Addr::from(
                <[u8; 16]>::try_from(rest).unwrap_or_default(),
            )))),
            (1 | 2, _) => {
                Err(self.error(ResultCode::INVALID_AVP_LENGTH, "IP address of the wrong length"))
            }
            (family, _) => Ok(Address::Other { family, bytes: rest }),
        }
    }
    /// The AVPs inside this Grouped AVP, iterated lazily.
    pub fn group(&self) -> AvpIter<'a> {
        AvpIter::new(self.data, self.offset + self.header_len())
    }

    /// The first AVP with `code`/`vendor` inside this Grouped AVP.
    pub fn child(
        &self,
        code: AvpCode,
        vendor: VendorId,
    ) -> Result<Option<RawAvp<'a>>, MessageError> {
        for avp in self.group() {
            let avp = avp?;
            if avp.is(code, vendor) {
                return Ok(Some(avp));
            }
        }
        Ok(None)
    }

    /// The Failed-AVP designation of this AVP.
    pub fn failed(&self) -> FailedAvp {
        FailedAvp::At { offset: self.offset, len: self.raw.len() }
    }

    /// This AVP's value as an owned [`bytes::Bytes`] sharing `owner`'s allocation, where `owner`
    /// is the buffer this AVP was decoded from.
    pub fn data_bytes(&self, owner: &bytes::Bytes) -> bytes::Bytes {
        owner.slice_ref(self.data)
    }
}

/// Seconds between 1900-01-01 (NTP era 0) and 1970-01-01.
const NTP_UNIX_OFFSET: u64 = 2_208_988_800;

/// Converts NTP seconds to a [`SystemTime`], reading values with the top bit clear as NTP era 1
/// (from 2036-02-07), per RFC 6733 §4.3.1 and RFC 5905.
pub fn ntp_to_system_time(ntp: u32) -> SystemTime {
    let era = if ntp & 0x8000_0000 == 0 { 1u64 << 32 } else { 0 };
    let unix = (u64::from(ntp) + era).saturating_sub(NTP_UNIX_OFFSET);
    UNIX_EPOCH + Duration::from_secs(unix)
}

/// Converts a [`SystemTime`] to NTP seconds (modulo 2^32, the wire format's range).
pub fn system_time_to_ntp(t: SystemTime) -> u32 {
    let unix = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    (unix + NTP_UNIX_OFFSET) as u32
}

/// Transport of a DiameterURI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UriTransport {
    Tcp,
    Sctp,
    Udp,
}

/// A parsed DiameterURI: `"aaa://" | "aaas://" FQDN [":" port] [";transport=" t] [";protocol=" p]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiameterUri<'a> {
    /// `aaas` (TLS/DTLS) rather than `aaa`.
    pub secure: bool,
    pub fqdn: &'a str,
    /// The port; RFC 6733 defaults are 3868 (aaa) and 5658 (aaas).
    pub port: u16,
    pub transport: UriTransport,
    /// The `protocol` parameter (`diameter`, `radius`, `tacacs+`), if given.
    pub protocol: Option<&'a str>,
}

impl<'a> DiameterUri<'a> {
    /// Parses a DiameterURI; `None` when it does not follow RFC 6733 §4.3.1.
    pub fn parse(s: &'a str) -> Option<Self> {
        let (secure, rest) = match s.split_once("://")? {
            ("aaa", rest) => (false, rest),
            ("aaas", rest) => (true, rest),
            _ => return None,
        };
        let mut parts = rest.split(';');
        let authority = parts.next()?;
        let (fqdn, port) = match authority.rsplit_once(':') {
            Some((host, port)) => (host, port.parse().ok()?),
            None => (authority, if secure { 5658 } else { 3868 }),
        };
        if fqdn.is_empty() {
            return None;
        }
        let mut uri = Self { secure, fqdn, port, transport: UriTransport::Tcp, protocol: None };
        for param in parts {
            match param.split_once('=')? {
                ("transport", "tcp") => uri.transport = UriTransport::Tcp,
                ("transport", "sctp") => uri.transport = UriTransport::Sctp,
                ("transport", "udp") => uri.transport = UriTransport::Udp,
                ("protocol", p) => uri.protocol = Some(p),
                _ => return None,
            }
        }
        Some(uri)
    }
}

/// A decoded Address value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Address<'a> {
    /// IPv4 (family 1) or IPv6 (family 2).
    Ip(IpAddr),
    /// Any other address family, e.g. E.164 (8), left raw.
    Other { family: u16, bytes: &'a [u8] },
}

/// Iterates the AVPs of a message body or of a Grouped AVP without copying.
///
/// Yields an error (and then stops) at the first AVP whose header is truncated or whose length
/// field points outside the data, and at reserved flag bits: RFC 6733 §7.1.5 answers these with
/// 5014 DIAMETER_INVALID_AVP_LENGTH and 3009 DIAMETER_INVALID_AVP_BITS.
#[derive(Debug, Clone)]
pub struct AvpIter<'a> {
    rest: &'a [u8],
    /// Offset of `rest[0]` in the message.
    offset: usize,
}

impl<'a> AvpIter<'a> {
    /// Iterates `data`, whose first byte sits at `offset` in the message.
    pub fn new(data: &'a [u8], offset: usize) -> Self {
        Self { rest: data, offset }
    }

    fn bad_length(&mut self) -> MessageError {
        let err = MessageError {
            result_code: ResultCode::INVALID_AVP_LENGTH,
            failed_avp: Some(FailedAvp::BadLength { offset: self.offset, avail: self.rest.len() }),
            reason: "AVP length does not fit the data",
        };
        self.rest = &[];
        err
    }
}

impl<'a> Iterator for AvpIter<'a> {
    type Item = Result<RawAvp<'a>, MessageError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let Some(h) = self.rest.first_chunk::<8>() else {
            return Some(Err(self.bad_length()));
        };
        let code = AvpCode(u32::from_be_bytes([h[0], h[1], h[2], h[3]]));
        let flags = AvpFlags(h[4]);
        let len = u32::from_be_bytes([0, h[5], h[6], h[7]]) as usize;
        let (vendor, header_len) = if flags.is_vendor() {
            match self.rest.get(8..12) {
                Some(v) => (VendorId(u32::from_be_bytes([v[0], v[1], v[2], v[3]])), 12),
                None => return Some(Err(self.bad_length())),
            }
        } else {
            (VendorId::IETF, 8)
        };
        if len < header_len || len > self.rest.len() {
            return Some(Err(self.bad_length()));
        }
        let raw = &self.rest[..len];
        let avp =
            RawAvp { code, flags, vendor, data: &raw[header_len..], raw, offset: self.offset };
        if flags.0 & AvpFlags::RESERVED != 0 {
            self.rest = &[];
            return Some(
                Err(avp.error(ResultCode::INVALID_AVP_BITS, "reserved AVP flag bits set")),
            );
        }
        // The last AVP of a message may omit its padding; anything else is an error caught
        // when the next header is read.
        let step = padded(len).min(self.rest.len());
        self.rest = &self.rest[step..];
        self.offset += step;
        Some(Ok(avp))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iterates_vendor_and_plain_avps_with_padding() {
        let data = hex::decode(concat!(
            "00000107",
            "40000011",
            "6162636465666768",
            "69000000", // Session-Id "abcdefghi", M, padded
            "0000057f",
            "c0000010",
            "000028af",
            "00f11000", // Visited-PLMN-Id (1407), V+M, 3GPP
        ))
        .unwrap();
        let avps: Vec<_> = AvpIter::new(&data, 20).collect::<Result<_, _>>().unwrap();
        assert_eq!(avps.len(), 2);
        assert_eq!(avps[0].code, AvpCode(263));
        assert_eq!(avps[0].utf8().unwrap(), "abcdefghi");
        assert_eq!(avps[0].offset, 20);
        assert_eq!(avps[1].vendor, VendorId::TGPP);
        assert_eq!(avps[1].data, [0x00, 0xf1, 0x10, 0x00]);
        assert_eq!(avps[1].offset, 20 + 20);
        assert_eq!(avps[1].header_len(), 12);
    }

    #[test]
    fn bad_lengths_are_5014_with_failed_avp() {
        let data = hex::decode("0000010740000030616263").unwrap();
        let err = AvpIter::new(&data, 20).next().unwrap().unwrap_err();
        assert_eq!(err.result_code, ResultCode::INVALID_AVP_LENGTH);
        assert_eq!(err.failed_avp, Some(FailedAvp::BadLength { offset: 20, avail: 11 }));
        // A length below the header size.
        let data = hex::decode("0000010740000004").unwrap();
        assert!(AvpIter::new(&data, 0).next().unwrap().is_err());
    }

    #[test]
    fn reserved_bits_are_3009() {
        let data = hex::decode("0000010741000008").unwrap();
        let err = AvpIter::new(&data, 0).next().unwrap().unwrap_err();
        assert_eq!(err.result_code, ResultCode::INVALID_AVP_BITS);
    }

    #[test]
    fn diameter_uris_parse_per_rfc_6733() {
        let u = DiameterUri::parse("aaa://hss.example.org:3869;transport=sctp;protocol=diameter");
        assert_eq!(
            u,
            Some(DiameterUri {
                secure: false,
                fqdn: "hss.example.org",
                port: 3869,
                transport: UriTransport::Sctp,
                protocol: Some("diameter"),
            })
        );
        let u = DiameterUri::parse("aaas://hss.example.org").unwrap();
        assert_eq!((u.secure, u.port, u.transport), (true, 5658, UriTransport::Tcp));
        for bad in ["http://x", "aaa://", "aaa://h:port", "aaa://h;transport=ip", "aaa://h;x"] {
            assert_eq!(DiameterUri::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn ntp_time_round_trips_across_the_2036_era() {
        let t = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(ntp_to_system_time(system_time_to_ntp(t)), t);
        let after_2036 = UNIX_EPOCH + Duration::from_secs(2_200_000_000);
        assert_eq!(ntp_to_system_time(system_time_to_ntp(after_2036)), after_2036);
    }

    #[test]
    fn typed_accessors_check_lengths() {
        let data = hex::decode("0000010c4000000c000007d1").unwrap();
        let avp = AvpIter::new(&data, 0).next().unwrap().unwrap();
        assert_eq!(avp.u32().unwrap(), 2001);
        assert_eq!(avp.u64().unwrap_err().result_code, ResultCode::INVALID_AVP_LENGTH);
        let data = hex::decode("0000012d4000000e00017f000001").unwrap();
        let avp = AvpIter::new(&data, 0).next().unwrap().unwrap();
        assert_eq!(avp.address().unwrap(), Address::Ip(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    }
}
