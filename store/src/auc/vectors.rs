//! Authentication vectors as the Diameter interfaces carry them: E-UTRAN (S6a), UTRAN
//! quintuplets and GERAN triplets (S6a/S6d, Gr-like), EAP-AKA' (SWx) and IMS SIP Digest AKA
//! (Cx).
//!
//! Every function is deterministic: the caller supplies RAND (fresh randomness) and SQN (from
//! [`super::sqn`]); nothing here allocates. AUTN is built as TS 33.102 §6.3.2 defines it:
//! AUTN = SQN ⊕ AK || AMF || MAC, 6 + 2 + 8 octets.

use super::bytes::{Hex, concat, sub, xor};
use super::gsm::{c2, c3};
use super::kdf::{KdfError, ck_ik_prime, kasme};
use super::milenage::{AkaOutput, Milenage};
use super::plmn::PlmnId;

/// The AMF "separation bit" (bit 0, the most significant bit of the first octet; TS 33.102
/// Annex H).
pub const AMF_SEPARATION_BIT: u8 = 0x80;

/// An E-UTRAN authentication vector (TS 33.401 §6.1): RAND, XRES, AUTN, KASME.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct EutranVector {
    /// The random challenge.
    pub rand: [u8; 16],
    /// The expected response.
    pub xres: [u8; 8],
    /// The authentication token.
    pub autn: [u8; 16],
    /// KASME, bound to the serving network.
    pub kasme: [u8; 32],
}

/// A UTRAN authentication quintuplet (TS 33.102 §6.3.2): RAND, XRES, CK, IK, AUTN.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct UtranVector {
    /// The random challenge.
    pub rand: [u8; 16],
    /// The expected response.
    pub xres: [u8; 8],
    /// The cipher key.
    pub ck: [u8; 16],
    /// The integrity key.
    pub ik: [u8; 16],
    /// The authentication token.
    pub autn: [u8; 16],
}

/// A GERAN authentication triplet for a USIM subscriber: RAND, SRES = c2(XRES), Kc = c3(CK, IK).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct GeranTriplet {
    /// The random challenge.
    pub rand: [u8; 16],
    /// The signed response.
    pub sres: [u8; 4],
    /// The GSM cipher key.
    pub kc: [u8; 8],
}

/// An EAP-AKA' vector for SWx (TS 33.402 §6.2, TS 29.273): RAND, XRES, AUTN, CK', IK'.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct EapAkaPrimeVector {
    /// The random challenge.
    pub rand: [u8; 16],
    /// The expected response.
    pub xres: [u8; 8],
    /// The authentication token.
    pub autn: [u8; 16],
    /// CK', bound to the access network name.
    pub ck_prime: [u8; 16],
    /// IK', bound to the access network name.
    pub ik_prime: [u8; 16],
}

/// The SIP Digest AKA material of one SIP-Auth-Data-Item in a Cx MAA (TS 29.228 §6.3,
/// TS 33.203): SIP-Authenticate = RAND || AUTN, SIP-Authorization = XRES,
/// Confidentiality-Key = CK, Integrity-Key = IK.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ImsAkaVector {
    /// RAND || AUTN, 32 octets.
    pub sip_authenticate: [u8; 32],
    /// XRES.
    pub sip_authorization: [u8; 8],
    /// CK, for the Confidentiality-Key AVP.
    pub ck: [u8; 16],
    /// IK, for the Integrity-Key AVP.
    pub ik: [u8; 16],
}

/// AUTN = SQN ⊕ AK || AMF || MAC (TS 33.102 §6.3.2).
pub fn autn(sqn_xor_ak: &[u8; 6], amf: &[u8; 2], mac_a: &[u8; 8]) -> [u8; 16] {
    let head: [u8; 8] = concat(sqn_xor_ak, amf);
    concat(&head, mac_a)
}

/// `amf` with the separation bit set, as E-UTRAN and EAP-AKA' vectors require.
pub fn with_separation_bit(amf: &[u8; 2]) -> [u8; 2] {
    [amf[0] | AMF_SEPARATION_BIT, amf[1]]
}

/// MILENAGE outputs plus AUTN for one RAND, SQN, AMF.
fn aka(
    m: &Milenage,
    rand: &[u8; 16],
    sqn: &[u8; 6],
    amf: &[u8; 2],
) -> (AkaOutput, [u8; 6], [u8; 16]) {
    let out = m.generate(rand, sqn, amf);
    let concealed = xor(sqn, &out.ak);
    let token = autn(&concealed, amf, &out.mac_a);
    (out, concealed, token)
}

/// An E-UTRAN vector. KASME is derived from CK, IK, the serving network id and SQN ⊕ AK
/// (TS 33.401 Annex A.2).
///
/// The AMF separation bit is forced to 1: EPS AKA (TS 33.401 §6.1) requires the HSS to set it
/// in E-UTRAN vectors, and a UE rejects any other AUTN in E-UTRAN (EMM cause #26 "Non-EPS
/// authentication unacceptable"). The returned AUTN therefore holds `amf | 0x8000`, and MAC-A
/// is computed over that AMF.
pub fn eutran_vector(
    m: &Milenage,
    rand: &[u8; 16],
    sqn: &[u8; 6],
    amf: &[u8; 2],
    serving_network: &PlmnId,
) -> EutranVector {
    let amf = with_separation_bit(amf);
    let (out, concealed, autn) = aka(m, rand, sqn, &amf);
    EutranVector {
        rand: *rand,
        xres: out.res,
        autn,
        kasme: kasme(&out.ck, &out.ik, serving_network, &concealed),
    }
}

/// A UTRAN quintuplet; the AMF is used as given.
pub fn utran_vector(m: &Milenage, rand: &[u8; 16], sqn: &[u8; 6], amf: &[u8; 2]) -> UtranVector {
    let (out, _, autn) = aka(m, rand, sqn, amf);
    UtranVector { rand: *rand, xres: out.res, ck: out.ck, ik: out.ik, autn }
}

/// A GERAN triplet for a USIM subscriber: SRES = c2(XRES), Kc = c3(CK, IK).
///
/// SRES and Kc depend on RAND alone (f2, f3, f4 take no SQN or AMF), so no SQN is consumed.
pub fn geran_triplet(m: &Milenage, rand: &[u8; 16]) -> GeranTriplet {
    let f = m.f2345(rand);
    GeranTriplet { rand: *rand, sres: c2(&f.res), kc: c3(&f.ck, &f.ik) }
}

/// The triplet a quintuplet converts to (TS 33.102 §6.8: c2 and c3 applied to the quintet).
impl From<&UtranVector> for GeranTriplet {
    fn from(q: &UtranVector) -> Self {
        Self { rand: q.rand, sres: c2(&q.xres), kc: c3(&q.ck, &q.ik) }
    }
}

/// An EAP-AKA' vector for SWx: CK' and IK' bound to `access_network_name` (the ANID, e.g.
/// `WLAN`) and SQN ⊕ AK (TS 33.402 Annex A.2, RFC 5448 §3.3).
///
/// The AMF separation bit is forced to 1: RFC 5448 §3.3 says the server "MUST set the
/// Authentication Management Field (AMF) separation bit to 1 in the AKA algorithm"; TS 33.402
/// asks the same of the HSS. Fails only when the access network name is empty or longer than 65535 octets.
pub fn eap_aka_prime_vector(
    m: &Milenage,
    rand: &[u8; 16],
    sqn: &[u8; 6],
    amf: &[u8; 2],
    access_network_name: &[u8],
) -> Result<EapAkaPrimeVector, KdfError> {
    let amf = with_separation_bit(amf);
    let (out, concealed, autn) = aka(m, rand, sqn, &amf);
    let prime = ck_ik_prime(&out.ck, &out.ik, access_network_name, &concealed)?;
    Ok(EapAkaPrimeVector {
        rand: *rand,
        xres: out.res,
        autn,
        ck_prime: prime.ck_prime,
        ik_prime: prime.ik_prime,
    })
}

/// SIP Digest AKA material for a Cx MAA; the AMF is used as given.
pub fn ims_aka_vector(m: &Milenage, rand: &[u8; 16], sqn: &[u8; 6], amf: &[u8; 2]) -> ImsAkaVector {
    let (out, _, autn) = aka(m, rand, sqn, amf);
    ImsAkaVector {
        sip_authenticate: concat(rand, &autn),
        sip_authorization: out.res,
        ck: out.ck,
        ik: out.ik,
    }
}

impl ImsAkaVector {
    /// RAND, the first 16 octets of SIP-Authenticate.
    pub fn rand(&self) -> [u8; 16] {
        sub::<0, 16, 32>(&self.sip_authenticate)
    }

    /// AUTN, the last 16 octets of SIP-Authenticate.
    pub fn autn(&self) -> [u8; 16] {
        sub::<16, 16, 32>(&self.sip_authenticate)
    }
}

/// `Debug` that shows RAND only: responses and keys stay out of logs.
macro_rules! debug_rand_only {
    ($($ty:ident => |$v:ident| $rand:expr;)*) => {$(
        impl core::fmt::Debug for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                let $v = self;
                f.debug_struct(stringify!($ty))
                    .field("rand", &Hex(&$rand))
                    .finish_non_exhaustive()
            }
        }
    )*};
}

debug_rand_only! {
    EutranVector => |v| v.rand;
    UtranVector => |v| v.rand;
    GeranTriplet => |v| v.rand;
    EapAkaPrimeVector => |v| v.rand;
    ImsAkaVector => |v| v.rand();
}

#[cfg(test)]
#[path = "vectors_tests.rs"]
mod tests;
