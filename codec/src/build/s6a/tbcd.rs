//! TBCD strings (TS 29.002 §17.7.8 TBCD-STRING), the encoding of MSISDN (TS 29.329 §6.3.2),
//! A-MSISDN, STN-SR and the ISDN numbers S6a carries: two digits per octet, the first in the low
//! nibble, and a filler of 1111 in the last high nibble when the number of digits is odd.
//!
//! ```text
//! "33612345678"  ->  33 16 32 54 76 f8
//! ```

/// A TBCD string of at most [`Tbcd::MAX_DIGITS`] digits, encoded into a stack buffer.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tbcd {
    octets: [u8; Tbcd::MAX_DIGITS / 2],
    len: u8,
}

impl Tbcd {
    /// The longest number encoded: E.164 numbers have at most 15 digits.
    pub const MAX_DIGITS: usize = 16;

    /// Encodes `digits`: `0`-`9`, and the TBCD symbols `*`, `#`, `a`, `b`, `c`. `None` for an
    /// empty string, another character, or more than [`Self::MAX_DIGITS`] digits. A leading
    /// `+` is not a digit: give the number in international format without it.
    pub fn encode(digits: &str) -> Option<Self> {
        if digits.is_empty() || digits.len() > Self::MAX_DIGITS {
            return None;
        }
        let mut out = Self { octets: [0xff; Self::MAX_DIGITS / 2], len: 0 };
        for (i, c) in digits.bytes().enumerate() {
            let nibble = match c {
                b'0'..=b'9' => c - b'0',
                b'*' => 0xa,
                b'#' => 0xb,
                b'a' | b'A' => 0xc,
                b'b' | b'B' => 0xd,
                b'c' | b'C' => 0xe,
                _ => return None,
            };
            let octet = &mut out.octets[i / 2];
            *octet =
                if i % 2 == 0 { (*octet & 0xf0) | nibble } else { (*octet & 0x0f) | nibble << 4 };
        }
        out.len = digits.len().div_ceil(2) as u8;
        Some(out)
    }

    /// The encoded octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.octets[..usize::from(self.len)]
    }

    /// The digits of a TBCD string, up to the first filler nibble; `?` for a nibble that is
    /// not a TBCD symbol.
    pub fn digits(octets: &[u8]) -> impl Iterator<Item = char> + '_ {
        octets.iter().flat_map(|o| [o & 0x0f, o >> 4]).take_while(|&n| n != 0xf).map(|n| match n {
            0..=9 => char::from(b'0' + n),
            0xa => '*',
            0xb => '#',
            0xc => 'a',
            0xd => 'b',
            0xe => 'c',
            _ => '?',
        })
    }
}

impl AsRef<[u8]> for Tbcd {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl std::fmt::Debug for Tbcd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tbcd(")?;
        Self::digits(self.as_bytes()).try_for_each(|c| std::fmt::Write::write_char(f, c))?;
        f.write_str(")")
    }
}

#[cfg(test)]
mod tests {
    use super::Tbcd;

    #[test]
    fn encodes_odd_and_even_lengths_low_nibble_first() {
        let t = Tbcd::encode("33612345678").unwrap();
        assert_eq!(t.as_bytes(), [0x33, 0x16, 0x32, 0x54, 0x76, 0xf8]);
        assert_eq!(Tbcd::encode("1234").unwrap().as_bytes(), [0x21, 0x43]);
        assert_eq!(Tbcd::encode("*#1").unwrap().as_bytes(), [0xba, 0xf1]);
        let back: String = Tbcd::digits(t.as_bytes()).collect();
        assert_eq!(back, "33612345678");
        assert_eq!(format!("{t:?}"), "Tbcd(33612345678)");
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        assert!(Tbcd::encode("").is_none());
        assert!(Tbcd::encode("+33612345678").is_none());
        assert!(Tbcd::encode("12x").is_none());
        assert!(Tbcd::encode("12345678901234567").is_none());
        assert_eq!(Tbcd::encode("1234567890123456").unwrap().as_bytes().len(), 8);
    }
}
