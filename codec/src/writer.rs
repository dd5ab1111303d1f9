//! Encoding messages into a reusable [`BytesMut`] in one pass.
//!
//! The header is written with length 0 and patched by [`MessageWriter::finish`]; a Grouped AVP
//! is written the same way by [`AvpWriter::group`]. AVP Length excludes padding, the message
//! length includes it (RFC 6733 §4.1). Nothing here allocates beyond growing the buffer.

use std::net::IpAddr;

use bytes::{BufMut, BytesMut};

use crate::avp::{AvpFlags, RawAvp, padded};
use crate::code::{ApplicationId, AvpCode, CommandCode, ResultCode, VendorId};
use crate::dict::{AvpDef, base};
use crate::error::{FailedAvp, MessageError};
use crate::header::{CommandFlags, HEADER_LEN, Header, VERSION};
use crate::message::Message;

/// Appends AVPs to a buffer. Used directly for the body of a message and inside groups.
#[derive(Debug)]
pub struct AvpWriter<'b> {
    buf: &'b mut BytesMut,
}

impl<'b> AvpWriter<'b> {
    /// Appends AVPs at the end of `buf`.
    pub fn new(buf: &'b mut BytesMut) -> Self {
        Self { buf }
    }

    fn header(&mut self, code: AvpCode, vendor: VendorId, flags: u8, data_len: usize) {
        let vendor_len = if vendor.0 != 0 { 4 } else { 0 };
        let len = (8 + vendor_len + data_len) as u32;
        self.buf.put_u32(code.0);
        let flags =
            if vendor.0 != 0 { flags | AvpFlags::VENDOR } else { flags & !AvpFlags::VENDOR };
        self.buf.put_u32((u32::from(flags) << 24) | len);
        if vendor.0 != 0 {
            self.buf.put_u32(vendor.0);
        }
    }

    fn pad(&mut self, data_len: usize) {
        let zeros = padded(data_len) - data_len;
        self.buf.put_bytes(0, zeros);
    }

    /// Any AVP given as code, vendor, flags and value.
    pub fn raw(&mut self, code: AvpCode, vendor: VendorId, flags: u8, data: &[u8]) {
        self.header(code, vendor, flags, data.len());
        self.buf.put_slice(data);
        self.pad(data.len());
    }

    /// An OctetString (or any byte-valued) AVP.
    pub fn octets(&mut self, def: &AvpDef, data: &[u8]) {
        self.raw(def.code, def.vendor, def.flags(), data);
    }
    /// A UTF8String, DiameterIdentity or DiameterURI AVP.
    pub fn utf8(&mut self, def: &AvpDef, value: &str) {
        self.octets(def, value.as_bytes());
    }
    /// An Unsigned32 AVP.
    pub fn u32(&mut self, def: &AvpDef, value: u32) {
        self.octets(def, &value.to_be_bytes());
    }
    /// An Integer32 or Enumerated AVP.
    pub fn i32(&mut self, def: &AvpDef, value: i32) {
        self.octets(def, &value.to_be_bytes());
    }
    /// An Unsigned64 AVP.
    pub fn u64(&mut self, def: &AvpDef, value: u64) {
        self.octets(def, &value.to_be_bytes());
    }
    /// An Integer64 AVP.
    pub fn i64(&mut self, def: &AvpDef, value: i64) {
        self.octets(def, &value.to_be_bytes());
    }
    /// A Float32 AVP.
    pub fn f32(&mut self, def: &AvpDef, value: f32) {
        self.octets(def, &value.to_be_bytes());
    }
    /// A Float64 AVP.
    pub fn f64(&mut self, def: &AvpDef, value: f64) {
        self.octets(def, &value.to_be_bytes());
    }
    /// A Time AVP, in seconds since 1900-01-01 (NTP).
    pub fn time(&mut self, def: &AvpDef, ntp_seconds: u32) {
        self.u32(def, ntp_seconds);
    }
    /// An Address AVP holding an IP address.
    pub fn address(&mut self, def: &AvpDef, ip: IpAddr) {
        match ip {
            IpAddr::V4(v4) => {
                let mut data = [0u8; 6];
                data[..2].copy_from_slice(&1u16.to_be_bytes());
                data[2..].copy_from_slice(&v4.octets());
                self.octets(def, &data);
            }
            IpAddr::V6(v6) => {
                let mut data = [0u8; 18];
                data[..2].copy_from_slice(&2u16.to_be_bytes());
                data[2..].copy_from_slice(&v6.octets());
                self.octets(def, &data);
            }
        }
    }

    /// A Grouped AVP whose children `fill` writes.
    pub fn group(&mut self, def: &AvpDef, fill: impl FnOnce(&mut AvpWriter<'_>)) {
        self.group_raw(def.code, def.vendor, def.flags(), fill);
    }

    /// A Grouped AVP with explicit code, vendor and flags.
    pub fn group_raw(
        &mut self,
        code: AvpCode,
        vendor: VendorId,
        flags: u8,
        fill: impl FnOnce(&mut AvpWriter<'_>),
    ) {
        let start = self.buf.len();
        self.header(code, vendor, flags, 0);
        fill(&mut AvpWriter { buf: self.buf });
        // Children are padded, so the group's data is a multiple of 4 and needs no padding.
        let len = (self.buf.len() - start) as u32;
        let word = &mut self.buf[start + 4..start + 8];
        let flags = word[0];
        word.copy_from_slice(&((u32::from(flags) << 24) | len).to_be_bytes());
    }

    /// Copies a decoded AVP verbatim, padding included.
    pub fn copy(&mut self, avp: &RawAvp<'_>) {
        self.buf.put_slice(avp.raw);
        self.pad(avp.raw.len());
    }

    /// Result-Code.
    pub fn result_code(&mut self, code: ResultCode) {
        self.u32(&base::RESULT_CODE, code.0);
    }

    /// Experimental-Result with the 3GPP vendor id.
    pub fn experimental_result(&mut self, code: ResultCode) {
        self.group(&base::EXPERIMENTAL_RESULT, |g| {
            g.u32(&base::VENDOR_ID, VendorId::TGPP.0);
            g.u32(&base::EXPERIMENTAL_RESULT_CODE, code.0);
        });
    }

    /// Origin-Host and Origin-Realm.
    pub fn origin(&mut self, host: &str, realm: &str) {
        self.utf8(&base::ORIGIN_HOST, host);
        self.utf8(&base::ORIGIN_REALM, realm);
    }

    /// Failed-AVP for `err`, built from the message it was found in (RFC 6733 §7.5).
    pub fn failed_avp(&mut self, err: &MessageError, msg: &[u8]) {
        let Some(failed) = err.failed_avp else { return };
        self.group(&base::FAILED_AVP, |g| match failed {
            FailedAvp::At { offset, len } => {
                if let Some(raw) = msg.get(offset..offset + len) {
                    g.buf.put_slice(raw);
                    g.pad(raw.len());
                }
            }
            FailedAvp::BadLength { offset, avail } => g.offending_header(msg, offset, avail),
            FailedAvp::Missing { code, vendor, min_len } => {
                let flags =
                    crate::dict::avp(code, vendor).map_or(AvpFlags::MANDATORY, |d| d.flags());
                g.header(code, vendor, flags, min_len);
                g.buf.put_bytes(0, padded(min_len));
            }
        });
    }

    /// The Failed-AVP content for an AVP whose length field cannot be trusted, found at
    /// `offset` of `msg` with `avail` bytes left in its message or group. RFC 6733 §7.1.5: "it is
    /// sufficient to include the offending AVP header and a zero filled payload of the minimum
    /// required length for the payloads data type. If the AVP is a Grouped AVP, the Grouped AVP
    /// header with an empty payload would be sufficient [...]. In the case where the offending
    /// AVP header cannot be fully decoded when the AVP length is less than the minimum AVP
    /// header length, it is sufficient to include an offending AVP header that is formulated by
    /// padding the incomplete AVP header with zero up to the minimum AVP header length."
    ///
    /// The header keeps the code, flags and Vendor-ID received (zeros for what never came: 8
    /// octets, or 12 with the V bit); its length field counts the header and the payload sent,
    /// so the answer decodes. The payload is [`AvpType::min_len`] zeros for an AVP the
    /// dictionary knows from a complete header, and empty otherwise.
    ///
    /// [`AvpType::min_len`]: crate::dict::AvpType::min_len
    fn offending_header(&mut self, msg: &[u8], offset: usize, avail: usize) {
        let end = offset.saturating_add(avail).min(msg.len());
        let got = msg.get(offset..end).unwrap_or_default();
        let mut h = [0u8; 12];
        let n = got.len().min(h.len());
        h[..n].copy_from_slice(&got[..n]);
        let [c0, c1, c2, c3, flags, _, _, _, v0, v1, v2, v3] = h;
        let code = AvpCode(u32::from_be_bytes([c0, c1, c2, c3]));
        let vendor_bit = flags & AvpFlags::VENDOR != 0;
        let (vendor, header_len) = if vendor_bit {
            (VendorId(u32::from_be_bytes([v0, v1, v2, v3])), 12)
        } else {
            (VendorId::IETF, 8)
        };
        let payload = if n < header_len {
            0
        } else {
            crate::dict::avp(code, vendor).map_or(0, |d| d.ty.min_len())
        };
        self.buf.put_u32(code.0);
        self.buf.put_u32((u32::from(flags) << 24) | (header_len + payload) as u32);
        if vendor_bit {
            self.buf.put_u32(vendor.0);
        }
        self.buf.put_bytes(0, padded(payload));
    }
}

/// Writes one message: header first, AVPs through [`AvpWriter`], length patched at the end.
#[derive(Debug)]
pub struct MessageWriter<'b> {
    avps: AvpWriter<'b>,
    start: usize,
}

impl<'b> MessageWriter<'b> {
    /// Starts a message at the end of `buf`.
    pub fn new(
        buf: &'b mut BytesMut,
        flags: u8,
        code: CommandCode,
        application: ApplicationId,
        hop_by_hop: u32,
        end_to_end: u32,
    ) -> Self {
        let start = buf.len();
        let header = Header {
            version: VERSION,
            length: 0,
            flags: CommandFlags(flags),
            code,
            application,
            hop_by_hop,
            end_to_end,
        };
        let mut bytes = [0u8; HEADER_LEN];
        header.write(&mut bytes);
        buf.put_slice(&bytes);
        Self { avps: AvpWriter { buf }, start }
    }

    /// Starts a request with the R bit (and P when `proxiable`).
    pub fn request(
        buf: &'b mut BytesMut,
        code: CommandCode,
        application: ApplicationId,
        proxiable: bool,
        hop_by_hop: u32,
        end_to_end: u32,
    ) -> Self {
        let p = if proxiable { CommandFlags::PROXIABLE } else { 0 };
        Self::new(buf, CommandFlags::REQUEST | p, code, application, hop_by_hop, end_to_end)
    }

    /// Starts the answer to `req`: same command code, application id, hop-by-hop and
    /// end-to-end identifiers, P bit copied, R bit clear (RFC 6733 §6.2), and the request's
    /// Session-Id first when it has one (RFC 6733 §8.8: "SHOULD appear immediately following
    /// the Diameter header"). The E bit is set when `error` is true (3xxx answers, §7.1.3).
    pub fn answer(buf: &'b mut BytesMut, req: &Message<'_>, error: bool) -> Self {
        let h = req.header;
        let p = h.flags.0 & CommandFlags::PROXIABLE;
        let e = if error { CommandFlags::ERROR } else { 0 };
        let mut w = Self::new(buf, p | e, h.code, h.application, h.hop_by_hop, h.end_to_end);
        if let Ok(Some(sid)) = req.find(base::SESSION_ID.code, VendorId::IETF) {
            w.copy(&sid);
        }
        w
    }

    /// Appends the request's Proxy-Info AVPs in their order, as RFC 6733 §6.2 requires of
    /// every answer ("MUST be added to the answer in the same order"). A Proxy-Info whose
    /// children do not decode (the 5014 this answer may be reporting) is left out: copied, it
    /// would make the answer itself malformed.
    pub fn copy_proxy_info(&mut self, req: &Message<'_>) {
        for avp in req.avps().flatten() {
            if avp.is(base::PROXY_INFO.code, VendorId::IETF) && avp.group().all(|c| c.is_ok()) {
                self.copy(&avp);
            }
        }
    }

    /// Patches the message length; returns the message's length in bytes.
    pub fn finish(self) -> usize {
        let len = self.avps.buf.len() - self.start;
        let field = &mut self.avps.buf[self.start + 1..self.start + 4];
        field.copy_from_slice(&(len as u32).to_be_bytes()[1..]);
        len
    }
}

impl<'b> std::ops::Deref for MessageWriter<'b> {
    type Target = AvpWriter<'b>;
    fn deref(&self) -> &Self::Target {
        &self.avps
    }
}

impl std::ops::DerefMut for MessageWriter<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.avps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_dwr_byte_exact() {
        let mut buf = BytesMut::new();
        let mut w = MessageWriter::request(
            &mut buf,
            CommandCode::DEVICE_WATCHDOG,
            ApplicationId::COMMON,
            false,
            1,
            2,
        );
        w.origin("hss", "ex.org");
        let n = w.finish();
        let expect = hex::decode(concat!(
            "01000030", "80000118", "00000000", "00000001", "00000002", // header, length 48
            "00000108", "4000000b", "68737300", // Origin-Host "hss" + 1 pad
            "00000128", "4000000e", "65782e6f", "72670000", // Origin-Realm "ex.org" + 2 pad
        ))
        .unwrap();
        assert_eq!(n, expect.len());
        assert_eq!(&buf[..], &expect[..]);
    }

    #[test]
    fn grouped_and_vendor_avps_patch_lengths() {
        let mut buf = BytesMut::new();
        let mut w = AvpWriter::new(&mut buf);
        w.experimental_result(ResultCode(5001));
        let expect = hex::decode(concat!(
            "00000129", "40000020", // Experimental-Result, 32 bytes
            "0000010a", "4000000c", "000028af", // Vendor-Id 10415
            "0000012a", "4000000c", "00001389", // Experimental-Result-Code 5001
        ))
        .unwrap();
        assert_eq!(&buf[..], &expect[..]);
        let mut buf = BytesMut::new();
        AvpWriter::new(&mut buf).raw(AvpCode(1407), VendorId::TGPP, 0xc0, &[0, 0xf1, 0x10]);
        assert_eq!(hex::encode(&buf), "0000057fc000000f000028af00f11000");
    }
}
