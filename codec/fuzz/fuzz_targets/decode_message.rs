//! Every decoding entry point on arbitrary bytes: framing, header, AVP iteration, typed values,
//! grouped recursion, validation and printing. Must never panic. The error answer to whatever
//! validation refuses must itself decode, its Failed-AVP and Proxy-Info included.
#![no_main]

use bytes::BytesMut;
use codec::build::{Origin, error_answer};
use codec::{Frames, Message, MessageError, ResultCode, VendorId, dict, pretty, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for frame in Frames::new(data) {
        let Ok(frame) = frame else { break };
        let Ok(msg) = Message::parse(frame) else { continue };
        if let Err(e) = validate::validate_avps(&msg) {
            answer_decodes(&msg, &e);
        }
        if let Some(def) = dict::command(msg.header.application, msg.header.code)
            && let Err(e) = validate::validate(&msg, def)
        {
            answer_decodes(&msg, &e);
        }
        let _ = pretty::to_tree(&msg);
        for avp in msg.avps() {
            let Ok(avp) = avp else { break };
            let _ = (avp.u32(), avp.i64(), avp.utf8(), avp.address(), avp.f32());
            for child in avp.group() {
                let Ok(child) = child else { break };
                let _ = child.group().count();
            }
        }
    }
});

/// The error answer to `msg` decodes: every AVP, and the children of Failed-AVP and Proxy-Info
/// (but the reserved flag bits a 3009 Failed-AVP copies whole).
fn answer_decodes(msg: &Message<'_>, err: &MessageError) {
    let origin = Origin { host: "hss.example.org", realm: "example.org" };
    let mut out = BytesMut::new();
    let len = error_answer(&mut out, msg, &origin, err);
    let answer = Message::parse(&out[..len]).expect("the error answer is framed");
    for avp in answer.avps() {
        let avp = avp.expect("every AVP of the error answer decodes");
        if avp.is(dict::base::FAILED_AVP.code, VendorId::IETF)
            || avp.is(dict::base::PROXY_INFO.code, VendorId::IETF)
        {
            for child in avp.group() {
                let bad = child.err().filter(|e| e.result_code != ResultCode::INVALID_AVP_BITS);
                assert!(bad.is_none(), "{err:?}: {bad:?}");
            }
        }
    }
}
