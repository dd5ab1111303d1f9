//! The 3-octet PLMN identity (MCC + MNC in BCD), used as the serving network id (SN id) in the
//! KASME derivation and carried in the Visited-PLMN-Id AVP (TS 29.272 §7.3.9).
//!
//! Encoding of TS 24.008 §10.5.1.3 (octets 2 to 4 of the Location Area Identification):
//!
//! ```text
//!            bits 8..5      bits 4..1
//! octet 1    MCC digit 2    MCC digit 1
//! octet 2    MNC digit 3    MCC digit 3
//! octet 3    MNC digit 2    MNC digit 1
//! ```
//!
//! A 2-digit MNC has MNC digit 3 coded as the filler 1111 (bits 5 to 8 of octet 3 in
//! TS 24.008, octet 2 here).

use core::fmt;

/// The filler nibble that marks a 2-digit MNC.
const FILLER: u8 = 0xf;

/// Why an MCC/MNC pair or a 3-octet PLMN id was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PlmnError {
    /// The MCC is not exactly three decimal digits.
    #[error("MCC must be exactly 3 decimal digits")]
    InvalidMcc,
    /// The MNC is not two or three decimal digits.
    #[error("MNC must be 2 or 3 decimal digits")]
    InvalidMnc,
    /// An octet of an encoded PLMN id holds a nibble that is not a decimal digit (or a filler
    /// where one is not allowed).
    #[error("PLMN id octet {octet} is not valid BCD")]
    InvalidBcd {
        /// Index (0..3) of the offending octet.
        octet: usize,
    },
}

/// A PLMN identity as the 3 octets of TS 24.008 §10.5.1.3; always holds valid BCD.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PlmnId([u8; 3]);

fn digit(c: u8) -> Option<u8> {
    c.is_ascii_digit().then(|| c - b'0')
}

fn digits<const N: usize>(s: &str) -> Option<[u8; N]> {
    let bytes = s.as_bytes();
    if bytes.len() != N {
        return None;
    }
    let mut out = [0u8; N];
    for (o, &c) in out.iter_mut().zip(bytes) {
        *o = digit(c)?;
    }
    Some(out)
}

impl PlmnId {
    /// Encodes an MCC (3 digits) and an MNC (2 or 3 digits) given as decimal strings.
    pub fn from_mcc_mnc(mcc: &str, mnc: &str) -> Result<Self, PlmnError> {
        let [m1, m2, m3] = digits::<3>(mcc).ok_or(PlmnError::InvalidMcc)?;
        let [n1, n2, n3] = match mnc.len() {
            2 => {
                let [n1, n2] = digits::<2>(mnc).ok_or(PlmnError::InvalidMnc)?;
                [n1, n2, FILLER]
            }
            3 => digits::<3>(mnc).ok_or(PlmnError::InvalidMnc)?,
            _ => return Err(PlmnError::InvalidMnc),
        };
        Ok(Self([m2 << 4 | m1, n3 << 4 | m3, n2 << 4 | n1]))
    }

    /// Accepts 3 octets as received (e.g. in Visited-PLMN-Id), checking every nibble.
    pub fn from_bytes(bytes: [u8; 3]) -> Result<Self, PlmnError> {
        let nibbles_ok = |octet: usize, filler_allowed_high: bool| {
            let b = bytes[octet];
            let high_ok = b >> 4 <= 9 || (filler_allowed_high && b >> 4 == FILLER);
            if high_ok && b & 0x0f <= 9 { Ok(()) } else { Err(PlmnError::InvalidBcd { octet }) }
        };
        nibbles_ok(0, false)?;
        nibbles_ok(1, true)?;
        nibbles_ok(2, false)?;
        Ok(Self(bytes))
    }

    /// The encoded octets, as used for SN id in KASME and for Visited-PLMN-Id.
    pub fn as_bytes(&self) -> &[u8; 3] {
        &self.0
    }

    /// The MCC digits.
    pub fn mcc_digits(&self) -> [u8; 3] {
        let [o1, o2, _] = self.0;
        [o1 & 0x0f, o1 >> 4, o2 & 0x0f]
    }

    /// The MNC digits: two or three of them.
    pub fn mnc_digits(&self) -> MncDigits {
        let [_, o2, o3] = self.0;
        let (n1, n2, n3) = (o3 & 0x0f, o3 >> 4, o2 >> 4);
        if n3 == FILLER { MncDigits::Two([n1, n2]) } else { MncDigits::Three([n1, n2, n3]) }
    }

    /// The MCC as a decimal string.
    pub fn mcc(&self) -> String {
        self.mcc_digits().iter().map(|&d| char::from(b'0' + d)).collect()
    }

    /// The MNC as a decimal string (2 or 3 digits).
    pub fn mnc(&self) -> String {
        self.mnc_digits().as_slice().iter().map(|&d| char::from(b'0' + d)).collect()
    }
}

/// The digits of an MNC, which is two or three digits long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MncDigits {
    /// A 2-digit MNC (encoded with the filler nibble).
    Two([u8; 2]),
    /// A 3-digit MNC.
    Three([u8; 3]),
}

impl MncDigits {
    /// The digits, most significant first.
    pub fn as_slice(&self) -> &[u8] {
        match self {
            Self::Two(d) => d,
            Self::Three(d) => d,
        }
    }
}

/// `MCC-MNC`, e.g. `001-01`.
impl fmt::Display for PlmnId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.mcc_digits().iter().try_for_each(|d| write!(f, "{d}"))?;
        f.write_str("-")?;
        self.mnc_digits().as_slice().iter().try_for_each(|d| write!(f, "{d}"))
    }
}

impl fmt::Debug for PlmnId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PlmnId({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_digit_mnc_uses_filler() {
        let p = PlmnId::from_mcc_mnc("001", "01").expect("valid");
        assert_eq!(p.as_bytes(), &[0x00, 0xf1, 0x10]);
        assert_eq!((p.mcc().as_str(), p.mnc().as_str()), ("001", "01"));
        assert_eq!(p.to_string(), "001-01");
    }

    #[test]
    fn three_digit_mnc() {
        let p = PlmnId::from_mcc_mnc("310", "410").expect("valid");
        assert_eq!(p.as_bytes(), &[0x13, 0x00, 0x14]);
        assert_eq!((p.mcc().as_str(), p.mnc().as_str()), ("310", "410"));
        assert_eq!(p.mnc_digits(), MncDigits::Three([4, 1, 0]));
        assert_eq!(format!("{p:?}"), "PlmnId(310-410)");
    }

    #[test]
    fn decode_round_trips() {
        for (bytes, mcc, mnc) in [
            ([0x02, 0x48, 0x30], "208", "034"),
            ([0x02, 0xf8, 0x43], "208", "34"),
            ([0x21, 0xf3, 0x54], "123", "45"),
        ] {
            let p = PlmnId::from_bytes(bytes).expect("valid BCD");
            assert_eq!((p.mcc().as_str(), p.mnc().as_str()), (mcc, mnc));
            assert_eq!(PlmnId::from_mcc_mnc(mcc, mnc), Ok(p));
        }
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(PlmnId::from_mcc_mnc("01", "01"), Err(PlmnError::InvalidMcc));
        assert_eq!(PlmnId::from_mcc_mnc("0a1", "01"), Err(PlmnError::InvalidMcc));
        assert_eq!(PlmnId::from_mcc_mnc("001", "1"), Err(PlmnError::InvalidMnc));
        assert_eq!(PlmnId::from_mcc_mnc("001", "1234"), Err(PlmnError::InvalidMnc));
        assert_eq!(PlmnId::from_mcc_mnc("001", "0x"), Err(PlmnError::InvalidMnc));
        assert_eq!(PlmnId::from_mcc_mnc("001", "é"), Err(PlmnError::InvalidMnc));
        assert_eq!(PlmnId::from_bytes([0xf0, 0x00, 0x00]), Err(PlmnError::InvalidBcd { octet: 0 }));
        assert_eq!(PlmnId::from_bytes([0x00, 0x0a, 0x00]), Err(PlmnError::InvalidBcd { octet: 1 }));
        assert_eq!(PlmnId::from_bytes([0x00, 0x00, 0xf0]), Err(PlmnError::InvalidBcd { octet: 2 }));
    }
}
