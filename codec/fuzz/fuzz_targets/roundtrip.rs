//! Decode → re-encode → same bytes: any message that decodes cleanly is reproduced exactly by
//! copying its header fields and AVPs into a fresh writer.
#![no_main]

use bytes::BytesMut;
use codec::{Message, MessageWriter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(msg) = Message::parse(data) else { return };
    let Ok(avps) = msg.avps().collect::<Result<Vec<_>, _>>() else { return };
    // Only canonical encodings round-trip: every AVP padded with zeros, the last one included.
    let canonical = avps.iter().all(|a| {
        let end = a.offset + a.raw.len();
        let pad = (4 - a.raw.len() % 4) % 4;
        data.get(end..end + pad).is_some_and(|p| p.iter().all(|&b| b == 0))
    });
    if !canonical {
        return;
    }
    let h = msg.header;
    let mut buf = BytesMut::new();
    let mut w = MessageWriter::new(&mut buf, h.flags.0, h.code, h.application, h.hop_by_hop, h.end_to_end);
    for a in &avps {
        w.copy(a);
    }
    w.finish();
    assert_eq!(&buf[..], data);
});
