//! The IMSIs of a run and how the peers share them, the Visited-PLMN-Id encoding, and the IMS
//! identities derived from an IMSI (TS 23.003 §13).

use std::fmt::Write;

use crate::error::LoadError;

/// A range of IMSIs of one length: `start + i` for `i < len`, written with `digits` digits
/// (leading zeros kept: `001010000000001`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImsiRange {
    start: u64,
    len: u64,
    digits: usize,
    /// The first five digits of the first IMSI (MCC and a two-digit MNC).
    home_plmn: String,
}

impl ImsiRange {
    /// The `len` IMSIs from `start` (6 to 15 digits); every one must keep the digit count.
    pub fn new(start: &str, len: u64) -> Result<Self, LoadError> {
        let bad = |field, reason: &str| LoadError::Config { field, reason: reason.into() };
        if !(6..=15).contains(&start.len()) || !start.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("imsi-start", "an IMSI is 6 to 15 decimal digits"));
        }
        if len == 0 {
            return Err(bad("imsis", "at least one IMSI is needed"));
        }
        let value: u64 = start.parse().map_err(|_| bad("imsi-start", "not a number"))?;
        let limit = 10u64.pow(start.len() as u32);
        if value.checked_add(len).is_none_or(|end| end > limit) {
            return Err(bad("imsis", "the range runs past the IMSI's digit count"));
        }
        Ok(Self { start: value, len, digits: start.len(), home_plmn: start[..5].to_owned() })
    }

    /// Number of IMSIs.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Always false: a range holds at least one IMSI.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// MCC and a two-digit MNC taken from the first IMSI, e.g. `00101`.
    pub fn home_plmn(&self) -> &str {
        &self.home_plmn
    }

    /// The home network domain of the IMS identities, `ims.mnc{MNC}.mcc{MCC}.3gppnetwork.org`
    /// with the home PLMN's digits (TS 23.003 §13.2), e.g. `ims.mnc001.mcc001.3gppnetwork.org`.
    pub fn ims_domain(&self) -> String {
        ims_domain(&self.home_plmn)
    }

    /// Replaces `out` with IMSI number `i`, taken modulo the range's length.
    pub fn write(&self, i: u64, out: &mut String) {
        out.clear();
        // Writing into a String cannot fail.
        let _ = write!(out, "{:0width$}", self.start + i % self.len, width = self.digits);
    }

    /// IMSI number `i`, or `None` past the end.
    pub fn get(&self, i: u64) -> Option<String> {
        (i < self.len).then(|| {
            let mut s = String::with_capacity(self.digits);
            self.write(i, &mut s);
            s
        })
    }

    /// Every IMSI, in order.
    pub fn iter(&self) -> impl Iterator<Item = String> + '_ {
        (0..self.len).filter_map(|i| self.get(i))
    }
}

/// The share of peer `conn` among `peers`: IMSI indices `conn`, `conn + peers`, ... below
/// `total`. Each IMSI is used by one peer only, so an attach never moves a subscriber from one
/// peer to another (which would make the HSS send Cancel-Location).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    conn: u64,
    peers: u64,
    len: u64,
}

impl Partition {
    /// Peer `conn`'s share of `total` IMSIs; `conn < peers <= total` (checked by the config).
    pub fn new(conn: usize, peers: usize, total: u64) -> Self {
        let (conn, peers) = (conn as u64, peers.max(1) as u64);
        let len = total.saturating_sub(conn).div_ceil(peers);
        Self { conn, peers, len }
    }

    /// Number of IMSIs of this share.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// True when the share is empty (more peers than IMSIs).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The range index of this share's `k`-th IMSI, cycling through the share.
    pub fn index(&self, k: u64) -> u64 {
        self.conn + (k % self.len.max(1)) * self.peers
    }
}

/// The home network domain of MCC+MNC digits (`00101`, or `310260` for a three-digit MNC):
/// `ims.mnc{MNC}.mcc{MCC}.3gppnetwork.org`, the MNC padded to three digits (TS 23.003 §13.2).
pub fn ims_domain(mcc_mnc: &str) -> String {
    let (mcc, mnc) = mcc_mnc.split_at(mcc_mnc.len().min(3));
    format!("ims.mnc{mnc:0>3}.mcc{mcc}.3gppnetwork.org")
}

/// Replaces `impi` with the private identity derived from `imsi` (TS 23.003 §13.3),
/// `{imsi}@{domain}`, and `impu` with the public identity `sip:{impi}` (§13.4B).
pub fn write_ims_identities(imsi: &str, domain: &str, impi: &mut String, impu: &mut String) {
    impi.clear();
    impu.clear();
    // Writing into a String cannot fail.
    let _ = write!(impi, "{imsi}@{domain}");
    let _ = write!(impu, "sip:{impi}");
}

/// The IMEI an ECR checks for `imsi` (15 ASCII digits): TAC prefix `35`, the last 12 digits
/// of the IMSI (zero-padded on the left when it is shorter), and check digit `0` (the EIR
/// ignores the check digit). Distinct IMSIs of one range give distinct IMEIs.
pub fn imei_of(imsi: &str) -> [u8; 15] {
    let mut imei = [b'0'; 15];
    imei[..2].copy_from_slice(b"35");
    let digits = imsi.as_bytes();
    let tail = &digits[digits.len().saturating_sub(12)..];
    imei[14 - tail.len()..14].copy_from_slice(tail);
    imei
}

/// Encodes MCC+MNC digits (`00101`, `001001`) as a 3-octet PLMN id (TS 24.008 §10.5.1.13:
/// MCC2 MCC1 | MNC3 MCC3 | MNC2 MNC1, with MNC3 = F for a two-digit MNC).
pub fn plmn_id(mcc_mnc: &str) -> Result<[u8; 3], LoadError> {
    let d: Vec<u8> = mcc_mnc.bytes().map(|b| b.wrapping_sub(b'0')).collect();
    if !(5..=6).contains(&d.len()) || d.iter().any(|&x| x > 9) {
        return Err(LoadError::Config {
            field: "visited-plmn",
            reason: format!("{mcc_mnc:?} is not 5 or 6 digits of MCC and MNC"),
        });
    }
    let mnc3 = d.get(5).copied().unwrap_or(0xf);
    Ok([d[1] << 4 | d[0], mnc3 << 4 | d[2], d[4] << 4 | d[3]])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imsis_count_up_and_keep_their_leading_zeros() {
        let r = ImsiRange::new("001010000000001", 3).expect("range");
        let all: Vec<_> = r.iter().collect();
        assert_eq!(all, ["001010000000001", "001010000000002", "001010000000003"]);
        assert_eq!(r.get(3), None);
        let mut s = String::new();
        r.write(4, &mut s);
        assert_eq!(s, "001010000000002", "indices wrap around the range");
        assert_eq!(r.home_plmn(), "00101");
    }

    #[test]
    fn a_range_may_end_on_the_last_imsi_of_its_length() {
        let r = ImsiRange::new("999999999999998", 2).expect("range");
        assert_eq!(r.get(1).as_deref(), Some("999999999999999"));
        assert!(ImsiRange::new("999999999999998", 3).is_err());
        assert!(ImsiRange::new("99999", 1).is_err(), "too short");
        assert!(ImsiRange::new("0010100000000001", 1).is_err(), "too long");
        assert!(ImsiRange::new("00101000000000x", 1).is_err());
        assert!(ImsiRange::new("001010000000001", 0).is_err());
    }

    #[test]
    fn peers_share_the_imsis_without_overlap() {
        let total = 10;
        let shares: Vec<_> = (0..3).map(|c| Partition::new(c, 3, total)).collect();
        assert_eq!(shares.iter().map(Partition::len).collect::<Vec<_>>(), [4, 3, 3]);
        let mut seen: Vec<u64> =
            shares.iter().flat_map(|p| (0..p.len()).map(|k| p.index(k))).collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..total).collect::<Vec<_>>());
        assert_eq!(shares[1].index(0), 1);
        assert_eq!(shares[1].index(3), 1, "a share cycles");
        assert!(Partition::new(3, 4, 3).is_empty());
    }

    #[test]
    fn imeis_derive_from_the_last_twelve_digits_of_the_imsi() {
        assert_eq!(&imei_of("001010000000002"), b"350100000000020");
        assert_eq!(&imei_of("310260123456789"), b"352601234567890");
        assert_eq!(&imei_of("001011"), b"350000000010110");
    }

    #[test]
    fn ims_identities_derive_from_the_imsi_and_the_home_plmn() {
        let r = ImsiRange::new("001010000000001", 3).expect("range");
        assert_eq!(r.ims_domain(), "ims.mnc001.mcc001.3gppnetwork.org");
        assert_eq!(ims_domain("310260"), "ims.mnc260.mcc310.3gppnetwork.org");
        assert_eq!(ims_domain("26201"), "ims.mnc001.mcc262.3gppnetwork.org");
        let (mut impi, mut impu) = (String::from("old"), String::from("old"));
        write_ims_identities("001010000000002", &r.ims_domain(), &mut impi, &mut impu);
        assert_eq!(impi, "001010000000002@ims.mnc001.mcc001.3gppnetwork.org");
        assert_eq!(impu, "sip:001010000000002@ims.mnc001.mcc001.3gppnetwork.org");
    }

    #[test]
    fn plmn_ids_follow_ts_24_008() {
        assert_eq!(plmn_id("00101").expect("2-digit MNC"), [0x00, 0xf1, 0x10]);
        assert_eq!(plmn_id("310260").expect("3-digit MNC"), [0x13, 0x00, 0x62]);
        assert_eq!(plmn_id("26201").expect("Germany"), [0x62, 0xf2, 0x10]);
        for bad in ["0010", "0010100", "0010a", ""] {
            assert!(plmn_id(bad).is_err(), "{bad}");
        }
    }
}
