//! Value encoding: a schema version byte, then fixed-width big-endian fields and
//! length-prefixed strings, in the order each type's `encode` writes them.
//!
//! ```text
//! +---------+-----------------------------------------------+
//! | version | fields (per type, see model/*.rs)              |
//! +---------+-----------------------------------------------+
//! ```
//!
//! Hand-written rather than serde-derived so that the byte layout is stated in the source next
//! to its version, and decoding is total: every read is bounds-checked, trailing bytes are an
//! error, an unknown version is [`Corrupt`] and nothing panics.

use crate::error::Corrupt;
use crate::keys::Kind;

/// Appends fields to a value under construction.
#[derive(Debug)]
pub(crate) struct Writer(Vec<u8>);

impl Writer {
    /// A value of schema `version`.
    pub(crate) fn new(version: u8) -> Self {
        let mut buf = Vec::with_capacity(64);
        buf.push(version);
        Self(buf)
    }

    pub(crate) fn u8(&mut self, v: u8) -> &mut Self {
        self.0.push(v);
        self
    }

    pub(crate) fn bool(&mut self, v: bool) -> &mut Self {
        self.u8(u8::from(v))
    }

    pub(crate) fn u32(&mut self, v: u32) -> &mut Self {
        self.bytes(&v.to_be_bytes())
    }

    pub(crate) fn u64(&mut self, v: u64) -> &mut Self {
        self.bytes(&v.to_be_bytes())
    }

    /// Raw octets of a length the type fixes.
    pub(crate) fn bytes(&mut self, v: &[u8]) -> &mut Self {
        self.0.extend_from_slice(v);
        self
    }

    /// A string of at most 65535 octets, with a u16 length prefix. Longer strings are refused
    /// by validation before they reach the encoder; one that slipped through is cut at a
    /// character boundary rather than written with a wrong length.
    pub(crate) fn str(&mut self, v: &str) -> &mut Self {
        let mut end = v.len().min(usize::from(u16::MAX));
        while !v.is_char_boundary(end) {
            end -= 1;
        }
        // end <= u16::MAX by the min above.
        self.bytes(&(end as u16).to_be_bytes()).bytes(&v.as_bytes()[..end])
    }

    pub(crate) fn finish(self) -> Vec<u8> {
        self.0
    }
}

/// Reads fields back, every read bounds-checked.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
    kind: Kind,
}

impl<'a> Reader<'a> {
    /// Starts reading a value of `kind`, checking its version byte against `version`.
    pub(crate) fn new(kind: Kind, value: &'a [u8], version: u8) -> Result<Self, Corrupt> {
        match value.split_first() {
            Some((&v, rest)) if v == version => Ok(Self { rest, kind }),
            Some(_) => Err(Corrupt { kind, reason: "unknown schema version" }),
            None => Err(Corrupt { kind, reason: "empty value" }),
        }
    }

    /// A [`Corrupt`] error about this value.
    pub(crate) fn corrupt(&self, reason: &'static str) -> Corrupt {
        Corrupt { kind: self.kind, reason }
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], Corrupt> {
        let (head, rest) =
            self.rest.split_first_chunk::<N>().ok_or(self.corrupt("value truncated"))?;
        self.rest = rest;
        Ok(*head)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, Corrupt> {
        Ok(self.array::<1>()?[0])
    }

    pub(crate) fn bool(&mut self) -> Result<bool, Corrupt> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(self.corrupt("boolean is neither 0 nor 1")),
        }
    }

    pub(crate) fn u16(&mut self) -> Result<u16, Corrupt> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    pub(crate) fn u32(&mut self) -> Result<u32, Corrupt> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    pub(crate) fn u64(&mut self) -> Result<u64, Corrupt> {
        Ok(u64::from_be_bytes(self.array()?))
    }

    pub(crate) fn str(&mut self) -> Result<String, Corrupt> {
        self.str_ref().map(str::to_owned)
    }

    /// A string borrowed from the value.
    /// Every byte not read yet (a value's last field, of a length the value's length gives).
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.rest)
    }

    pub(crate) fn str_ref(&mut self) -> Result<&'a str, Corrupt> {
        let len = usize::from(self.u16()?);
        if self.rest.len() < len {
            return Err(self.corrupt("string truncated"));
        }
        let (s, rest) = self.rest.split_at(len);
        self.rest = rest;
        core::str::from_utf8(s).map_err(|_| self.corrupt("string is not UTF-8"))
    }

    /// Ends the value: trailing bytes mean a layout this version does not know.
    pub(crate) fn finish(self) -> Result<(), Corrupt> {
        if self.rest.is_empty() { Ok(()) } else { Err(self.corrupt("trailing bytes")) }
    }
}

/// Version of the one-field values (`meta` counters, index entries, SQN marks).
pub(crate) const SCALAR_V1: u8 = 1;

/// A value holding one u64 (counter, SQN mark, IMSI in the MSISDN index).
pub(crate) fn encode_u64(v: u64) -> Vec<u8> {
    let mut w = Writer::new(SCALAR_V1);
    w.u64(v);
    w.finish()
}

/// Decodes [`encode_u64`].
pub(crate) fn decode_u64(kind: Kind, value: &[u8]) -> Result<u64, Corrupt> {
    let mut r = Reader::new(kind, value, SCALAR_V1)?;
    let v = r.u64()?;
    r.finish()?;
    Ok(v)
}

/// The value of an index entry that carries no data.
pub(crate) fn encode_marker() -> Vec<u8> {
    Writer::new(SCALAR_V1).finish()
}

/// The schema version of a JSON document value (IMS subscriptions, templates, EIR rules, ...).
const JSON_V1: u8 = 1;

/// `v1: JSON document`: the nested documents read on a cache miss or at provisioning only.
pub(crate) fn encode_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let mut out = vec![JSON_V1];
    // Serialising the store's plain structs into a Vec cannot fail.
    serde_json::to_writer(&mut out, value).unwrap_or_default();
    out
}

/// A JSON document value of `kind` back; `what` is the error's reason when the JSON does not
/// decode.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    kind: Kind,
    value: &[u8],
    what: &'static str,
) -> Result<T, Corrupt> {
    match value.split_first() {
        Some((&JSON_V1, json)) => {
            serde_json::from_slice(json).map_err(|_| Corrupt { kind, reason: what })
        }
        Some(_) => Err(Corrupt { kind, reason: "unknown schema version" }),
        None => Err(Corrupt { kind, reason: "empty value" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut w = Writer::new(3);
        w.u8(7).bool(true).u32(0xdead_beef).u64(u64::MAX).str("héllo").bytes(&[1, 2]);
        let v = w.finish();
        let mut r = Reader::new(Kind::Meta, &v, 3).expect("version");
        assert_eq!(r.u8(), Ok(7));
        assert_eq!(r.bool(), Ok(true));
        assert_eq!(r.u32(), Ok(0xdead_beef));
        assert_eq!(r.u64(), Ok(u64::MAX));
        assert_eq!(r.str().as_deref(), Ok("héllo"));
        assert_eq!(r.array::<2>(), Ok([1, 2]));
        assert_eq!(r.finish(), Ok(()));
    }

    #[test]
    fn every_truncation_is_an_error() {
        let mut w = Writer::new(1);
        w.u64(5).str("abc");
        let v = w.finish();
        for len in 0..v.len() {
            let read = |bytes: &[u8]| -> Result<(), Corrupt> {
                let mut r = Reader::new(Kind::Meta, bytes, 1)?;
                r.u64()?;
                r.str()?;
                r.finish()
            };
            assert!(read(&v[..len]).is_err(), "length {len}");
        }
    }

    #[test]
    fn version_and_trailing_bytes_are_checked() {
        assert!(Reader::new(Kind::Meta, &[2, 0], 1).is_err());
        assert!(decode_u64(Kind::Meta, &[SCALAR_V1, 0, 0, 0, 0, 0, 0, 0, 1, 9]).is_err());
        assert_eq!(decode_u64(Kind::Meta, &encode_u64(42)), Ok(42));
        let mut r = Reader::new(Kind::Meta, &[1, 2], 1).expect("version");
        assert!(r.bool().is_err());
    }
}
