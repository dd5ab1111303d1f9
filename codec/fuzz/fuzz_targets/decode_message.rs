//! Every decoding entry point on arbitrary bytes: framing, header, AVP iteration, typed values,
//! grouped recursion, validation and printing. Must never panic.
#![no_main]

use codec::{Frames, Message, dict, pretty, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for frame in Frames::new(data) {
        let Ok(frame) = frame else { break };
        let Ok(msg) = Message::parse(frame) else { continue };
        let _ = validate::validate_avps(&msg);
        if let Some(def) = dict::command(msg.header.application, msg.header.code) {
            let _ = validate::validate(&msg, def);
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
