//! Readers of what the HSS answers, which `codec` has no views for (the HSS never receives
//! them): the result, AVPs by dictionary definition, Failed-AVP, the vectors of an AIA, and
//! a message with one AVP taken out.

use codec::dict::{AvpDef, base as b, s6a};
use codec::view::AnswerResult;
use codec::{Message, RawAvp, ResultCode, VendorId};
use store::auc::EutranVector;

use crate::header::msg;
use crate::plmn::home_plmn;
use crate::vectors::verify_vector;

/// The Result-Code or Experimental-Result of an answer.
pub fn result(m: &[u8]) -> AnswerResult {
    AnswerResult::from_answer(&msg(m)).expect("an answer with a result")
}

/// The Experimental-Result of 3GPP `code`, to compare with [`result`].
pub fn experimental(code: ResultCode) -> AnswerResult {
    AnswerResult::Experimental { vendor: VendorId::TGPP.0, code }
}

/// The first top-level AVP `def`.
pub fn top<'a>(m: &Message<'a>, def: &AvpDef) -> Option<RawAvp<'a>> {
    m.find(def.code, def.vendor).expect("AVPs decode")
}

/// The first child `def` of a grouped AVP.
pub fn child<'a>(avp: &RawAvp<'a>, def: &AvpDef) -> Option<RawAvp<'a>> {
    avp.child(def.code, def.vendor).expect("AVPs decode")
}

/// Every child `def` of a grouped AVP, in order.
pub fn children<'a>(avp: &RawAvp<'a>, def: &AvpDef) -> Vec<RawAvp<'a>> {
    avp.group().map(|a| a.expect("AVPs decode")).filter(|a| a.is(def.code, def.vendor)).collect()
}

/// The text of a UTF8String or DiameterIdentity AVP that must be present.
pub fn text<'a>(avp: Option<RawAvp<'a>>) -> &'a str {
    avp.expect("AVP present").utf8().expect("UTF-8")
}

/// The value of an Unsigned32 (or Enumerated) AVP that must be present.
pub fn u32_of(avp: Option<RawAvp<'_>>) -> u32 {
    avp.expect("AVP present").u32().expect("Unsigned32")
}

/// The AVPs inside Failed-AVP, as (code, vendor); empty without Failed-AVP.
pub fn failed_avp_codes(answer: &[u8]) -> Vec<(u32, u32)> {
    let m = msg(answer);
    let Some(failed) = top(&m, &b::FAILED_AVP) else { return Vec::new() };
    failed.group().map(|a| a.expect("AVPs decode")).map(|a| (a.code.0, a.vendor.0)).collect()
}

/// `bytes` without its first top-level AVP `def`, the length patched: a request missing it, or
/// an answer without the part that differs from run to run.
pub fn without_avp(bytes: &[u8], def: &AvpDef) -> Vec<u8> {
    let m = msg(bytes);
    let avp = top(&m, def).expect("AVP to remove");
    let start = avp.offset;
    let end = (start + avp.raw.len()).next_multiple_of(4).min(bytes.len());
    let mut out = [&bytes[..start], &bytes[end..]].concat();
    let len = out.len() as u32;
    out[1..4].copy_from_slice(&len.to_be_bytes()[1..]);
    out
}

/// The E-UTRAN vectors of an AIA, in order; none without Authentication-Info.
pub fn eutran_vectors(aia: &[u8]) -> Vec<EutranVector> {
    let m = msg(aia);
    let Some(info) = top(&m, &s6a::AUTHENTICATION_INFO) else { return Vec::new() };
    children(&info, &s6a::E_UTRAN_VECTOR)
        .iter()
        .map(|v| {
            let octets = |def: &AvpDef| child(v, def).expect("vector field").data;
            EutranVector {
                rand: octets(&s6a::RAND).try_into().expect("RAND is 16 octets"),
                xres: octets(&s6a::XRES).try_into().expect("XRES is 8 octets"),
                autn: octets(&s6a::AUTN).try_into().expect("AUTN is 16 octets"),
                kasme: octets(&s6a::KASME).try_into().expect("KASME is 32 octets"),
            }
        })
        .collect()
}

/// The SQNs of a successful AIA's vectors, each verified ([`verify_vector`]) for the home
/// network.
pub fn verified_sqns(aia: &[u8]) -> Vec<u64> {
    assert_eq!(result(aia), AnswerResult::Result(ResultCode::SUCCESS), "AIA");
    eutran_vectors(aia).iter().map(|v| verify_vector(v, &home_plmn())).collect()
}
