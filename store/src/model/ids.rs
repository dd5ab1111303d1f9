//! Identifiers: IMSI and MSISDN packed into a `u64` ([`crate::keys`] gives the layout), APN
//! profile ids, and the 128-bit secret keys that never leave the crate.

use core::fmt::{self, Write as _};

use crate::error::InvalidField;
use crate::keys::{self, MAX_DIGITS};

/// Shortest IMSI accepted: MCC (3) + MNC (2); real IMSIs have 14 or 15 digits, test and
/// private networks use shorter ones (TS 23.003 §2.2: "not more than 15 digits").
pub const IMSI_MIN_DIGITS: usize = 5;

/// An IMSI, packed into a `u64` so that the hot path never handles a `String`.
///
/// `Display` prints every digit (for Diameter and REST); `Debug` masks the subscriber part so
/// that a stray `{:?}` in a log does not leak identities.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Imsi(u64);

impl Imsi {
    /// Parses 5..=15 ASCII digits.
    pub fn parse(digits: &str) -> Result<Self, InvalidField> {
        keys::pack_digits(digits, IMSI_MIN_DIGITS, MAX_DIGITS)
            .map(Self)
            .ok_or(InvalidField::new("imsi", "must be 5 to 15 decimal digits"))
    }

    /// An IMSI from its packed form, e.g. a key read back from the store.
    pub fn from_packed(packed: u64) -> Option<Self> {
        match keys::unpack_digits(packed) {
            Some((len, _)) if len >= IMSI_MIN_DIGITS => Some(Self(packed)),
            _ => None,
        }
    }

    /// The packed form: the cache key and, big-endian, the store key.
    pub const fn packed(self) -> u64 {
        self.0
    }

    /// The subscriber key of this IMSI's subscriber (see [`SubscriberKey`]).
    pub const fn key(self) -> SubscriberKey {
        SubscriberKey(self.0)
    }
}

/// The key of one subscriber: of its cache entry, its SQN state and every per-subscriber
/// column family. Every identity a request can carry resolves to it: an IMSI directly, an
/// MSISDN with one read of its index (and, with IMS and non-3GPP access, an IMPI or an IMPU the
/// same way), so the cache, the SQN reservation and the engine's slow lane work on one key
/// whatever the application.
///
/// A subscriber with an IMSI (every EPS subscriber, and every IMS subscription linked to one)
/// has the packed IMSI as its key, so S6a needs no index read at all. A subscriber without an
/// IMSI (an IMS subscription with SIP Digest only) will get a key whose digit-count nibble is 0,
/// a value no packed digit string takes, numbered by the store; see `docs/design/identities.md`.
/// `Debug` masks it like an IMSI.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SubscriberKey(u64);

impl SubscriberKey {
    /// A key no subscriber has: what a request deferred before its identity was resolved
    /// names (the slow lane has nothing to prepare for it).
    pub const UNRESOLVED: Self = Self(0);

    /// The key as a number: the cache key and, big-endian, the store key.
    pub const fn get(self) -> u64 {
        self.0
    }

    /// The IMSI, when the subscriber has one.
    pub fn imsi(self) -> Option<Imsi> {
        Imsi::from_packed(self.0)
    }

    /// The key of the subscriber without an IMSI that the store numbered `n` (1..2^60): a
    /// digit-count nibble of 0, which no IMSI has.
    pub(crate) const fn standalone(n: u64) -> Self {
        Self(n & ((1 << 60) - 1))
    }

    /// A key read back from an index or a request deferred by key: an IMSI's, or a
    /// standalone one (digit-count nibble 0, non-zero).
    pub fn from_raw(raw: u64) -> Option<Self> {
        let key = Self(raw);
        (key.imsi().is_some() || (raw >> 60 == 0 && raw != 0)).then_some(key)
    }
}

impl From<Imsi> for SubscriberKey {
    fn from(imsi: Imsi) -> Self {
        imsi.key()
    }
}

impl fmt::Debug for SubscriberKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.imsi() {
            Some(imsi) => write!(f, "SubscriberKey({imsi:?})"),
            None => write!(f, "SubscriberKey(#{:x})", self.0),
        }
    }
}

/// An MSISDN (E.164 number without `+`), 1..=15 digits, packed like [`Imsi`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Msisdn(u64);

impl Msisdn {
    /// Parses 1..=15 ASCII digits.
    pub fn parse(digits: &str) -> Result<Self, InvalidField> {
        keys::pack_digits(digits, 1, MAX_DIGITS)
            .map(Self)
            .ok_or(InvalidField::new("msisdn", "must be 1 to 15 decimal digits"))
    }

    /// An MSISDN from its packed form.
    pub fn from_packed(packed: u64) -> Option<Self> {
        keys::unpack_digits(packed).map(|_| Self(packed))
    }

    /// The packed form.
    pub const fn packed(self) -> u64 {
        self.0
    }
}

/// Writes the digits of a packed value.
fn fmt_digits(packed: u64, f: &mut fmt::Formatter<'_>, keep_head: usize) -> fmt::Result {
    let mut buf = [0u8; MAX_DIGITS];
    let len = keys::write_digits(packed, &mut buf);
    for (i, &d) in buf[..len].iter().enumerate() {
        let shown = i < keep_head || i + 2 >= len;
        f.write_char(if shown { char::from(d) } else { '*' })?;
    }
    Ok(())
}

macro_rules! digit_string_fmt {
    ($($ty:ident keeps $head:expr;)*) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt_digits(self.0, f, MAX_DIGITS)
            }
        }
        /// Masked: the leading digits and the last two only.
        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($ty), "("))?;
                fmt_digits(self.0, f, $head)?;
                f.write_str(")")
            }
        }
    )*};
}

digit_string_fmt! {
    Imsi keeps 5; // MCC + 2-digit MNC: the network, not the subscriber
    Msisdn keeps 3;
}

/// An APN profile id; also the Context-Identifier of its APN-Configuration (TS 29.272
/// §7.3.27), so it is never 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ApnId(u32);

impl ApnId {
    /// Any non-zero id.
    pub fn new(id: u32) -> Result<Self, InvalidField> {
        if id == 0 { Err(InvalidField::new("id", "must not be 0")) } else { Ok(Self(id)) }
    }

    /// The id as a number.
    pub const fn get(self) -> u32 {
        self.0
    }
}

/// A 128-bit secret (Ki, OP, OPc). It can be built from bytes or hex, but not read back
/// outside this crate, its `Debug` is redacted, and it is wiped when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Key128([u8; 16]);

impl Key128 {
    /// A key from its 16 octets.
    pub const fn new(bytes: [u8; 16]) -> Self {
        Self(bytes)
    }

    /// A key from 32 hex digits (either case), as operators provision them.
    pub fn from_hex(hex: &str) -> Result<Self, InvalidField> {
        const BAD: InvalidField = InvalidField::new("key", "must be 32 hex digits");
        let hex = hex.as_bytes();
        if hex.len() != 32 {
            return Err(BAD);
        }
        let mut out = [0u8; 16];
        for (o, pair) in out.iter_mut().zip(hex.chunks_exact(2)) {
            let nibble = |c: u8| (c as char).to_digit(16).ok_or(BAD);
            // to_digit(16) < 16, so both casts are exact.
            *o = (nibble(pair[0])? as u8) << 4 | nibble(pair[1])? as u8;
        }
        Ok(Self(out))
    }

    pub(crate) const fn expose(&self) -> &[u8; 16] {
        &self.0
    }
}

/// The key is wiped when the value is dropped.
impl Drop for Key128 {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl fmt::Debug for Key128 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key128(<redacted>)")
    }
}

/// An MSISDN in JSON documents: its digits as a string.
impl serde::Serialize for Msisdn {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Msisdn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let digits = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Msisdn::parse(&digits).map_err(|e| serde::de::Error::custom(e.reason))
    }
}

/// An APN profile id in JSON documents: the number.
impl serde::Serialize for ApnId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for ApnId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        ApnId::new(u32::deserialize(d)?).map_err(|e| serde::de::Error::custom(e.reason))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imsi_display_and_masked_debug() {
        let imsi = Imsi::parse("001010123456789").expect("valid");
        assert_eq!(imsi.to_string(), "001010123456789");
        assert_eq!(format!("{imsi:?}"), "Imsi(00101********89)");
        assert_eq!(Imsi::from_packed(imsi.packed()), Some(imsi));
        assert_eq!(Imsi::from_packed(Msisdn::parse("12").expect("valid").packed()), None);
        assert_eq!(Imsi::parse("1234").map_err(|e| e.field), Err("imsi"));
    }

    #[test]
    fn subscriber_key_of_an_imsi() {
        let imsi = Imsi::parse("001010123456789").expect("valid");
        assert_eq!(imsi.key().get(), imsi.packed());
        assert_eq!(imsi.key().imsi(), Some(imsi));
        assert_eq!(SubscriberKey::from(imsi), imsi.key());
        assert_eq!(format!("{:?}", imsi.key()), "SubscriberKey(Imsi(00101********89))");
        assert_eq!(SubscriberKey(7).imsi(), None, "a digit count of 0 is no IMSI");
        assert_eq!(format!("{:?}", SubscriberKey(0x2a)), "SubscriberKey(#2a)");
    }

    #[test]
    fn key_from_hex() {
        let k = Key128::from_hex("465B5CE8B199B49FAA5F0A2EE238A6bc").expect("hex");
        assert_eq!(k.expose()[0], 0x46);
        assert_eq!(k.expose()[15], 0xbc);
        assert!(Key128::from_hex("465B").is_err());
        assert!(Key128::from_hex("zz5B5CE8B199B49FAA5F0A2EE238A6BC").is_err());
        assert_eq!(format!("{k:?}"), "Key128(<redacted>)");
    }

    #[test]
    fn apn_id_is_non_zero() {
        assert!(ApnId::new(0).is_err());
        assert_eq!(ApnId::new(7).map(ApnId::get), Ok(7));
    }
}
