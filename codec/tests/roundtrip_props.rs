//! Property tests: encode → decode round trips, and decoding arbitrary bytes never panics.

use bytes::BytesMut;
use codec::{
    ApplicationId, AvpCode, AvpWriter, CommandCode, Frames, Message, MessageWriter, ResultCode,
    VendorId, dict, pretty, validate,
};
use proptest::prelude::*;

/// A generated AVP tree.
#[derive(Debug, Clone)]
enum Node {
    Leaf { code: u32, vendor: u32, mandatory: bool, data: Vec<u8> },
    Group { code: u32, vendor: u32, children: Vec<Node> },
}

fn node() -> impl Strategy<Value = Node> {
    let leaf = (
        any::<u32>(),
        prop_oneof![Just(0u32), Just(10_415), any::<u32>()],
        any::<bool>(),
        proptest::collection::vec(any::<u8>(), 0..40),
    )
        .prop_map(|(code, vendor, mandatory, data)| Node::Leaf {
            code,
            vendor,
            mandatory,
            data,
        });
    leaf.prop_recursive(4, 48, 6, |inner| {
        (
            any::<u32>(),
            prop_oneof![Just(0u32), Just(10_415)],
            proptest::collection::vec(inner, 0..6),
        )
            .prop_map(|(code, vendor, children)| Node::Group { code, vendor, children })
    })
}

fn write(w: &mut AvpWriter<'_>, n: &Node) {
    match n {
        Node::Leaf { code, vendor, mandatory, data } => {
            let flags = if *mandatory { codec::AvpFlags::MANDATORY } else { 0 };
            w.raw(AvpCode(*code), VendorId(*vendor), flags, data);
        }
        Node::Group { code, vendor, children } => {
            w.group_raw(AvpCode(*code), VendorId(*vendor), 0, |g| {
                children.iter().for_each(|c| write(g, c))
            });
        }
    }
}

/// Compares a decoded AVP with the node it was written from.
fn same(avp: &codec::RawAvp<'_>, n: &Node) -> bool {
    match n {
        Node::Leaf { code, vendor, mandatory, data } => {
            avp.code.0 == *code
                && avp.vendor.0 == *vendor
                && avp.flags.is_mandatory() == *mandatory
                && avp.flags.is_vendor() == (*vendor != 0)
                && avp.data == &data[..]
        }
        Node::Group { code, vendor, children } => {
            let decoded: Result<Vec<_>, _> = avp.group().collect();
            let Ok(decoded) = decoded else { return false };
            avp.code.0 == *code
                && avp.vendor.0 == *vendor
                && decoded.len() == children.len()
                && decoded.iter().zip(children).all(|(d, c)| same(d, c))
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn encode_then_decode_gives_the_same_tree(
        nodes in proptest::collection::vec(node(), 0..8),
        code in 0u32..(1 << 24),
        app in any::<u32>(),
        hbh in any::<u32>(),
        e2e in any::<u32>(),
        request in any::<bool>(),
    ) {
        let mut buf = BytesMut::new();
        let flags = if request { codec::CommandFlags::REQUEST } else { 0 };
        let mut w = MessageWriter::new(&mut buf, flags, CommandCode(code), ApplicationId(app), hbh, e2e);
        nodes.iter().for_each(|n| write(&mut w, n));
        let len = w.finish();
        prop_assert_eq!(len, buf.len());
        prop_assert_eq!(len % 4, 0);

        let frames: Vec<_> = Frames::new(&buf).collect::<Result<_, _>>().unwrap();
        prop_assert_eq!(frames.len(), 1);
        let msg = Message::parse(frames[0]).unwrap();
        prop_assert_eq!(msg.header.code.0, code);
        prop_assert_eq!(msg.header.application.0, app);
        prop_assert_eq!((msg.header.hop_by_hop, msg.header.end_to_end), (hbh, e2e));
        prop_assert_eq!(msg.is_request(), request);
        let avps: Vec<_> = msg.avps().collect::<Result<_, _>>().unwrap();
        prop_assert_eq!(avps.len(), nodes.len());
        for (a, n) in avps.iter().zip(&nodes) {
            prop_assert!(same(a, n), "{:?} != {:?}", a, n);
        }

        // Copying every AVP into a new message reproduces the bytes exactly.
        let mut again = BytesMut::new();
        let mut w = MessageWriter::new(&mut again, flags, CommandCode(code), ApplicationId(app), hbh, e2e);
        avps.iter().for_each(|a| w.copy(a));
        w.finish();
        prop_assert_eq!(&again[..], &buf[..]);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        exercise(&bytes);
    }

    #[test]
    fn mutated_valid_messages_never_panic(
        nodes in proptest::collection::vec(node(), 1..6),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let mut buf = BytesMut::new();
        let mut w = MessageWriter::request(&mut buf, CommandCode::AUTHENTICATION_INFORMATION, ApplicationId::S6A, true, 1, 2);
        nodes.iter().for_each(|n| write(&mut w, n));
        w.finish();
        let mut bytes = buf.to_vec();
        for (i, v) in flips {
            let at = i.index(bytes.len());
            bytes[at] = v;
        }
        exercise(&bytes);
    }
}

/// Every decoding entry point, on any input: must return, never panic.
fn exercise(bytes: &[u8]) {
    for frame in Frames::new(bytes).take(16) {
        let Ok(frame) = frame else { break };
        let Ok(msg) = Message::parse(frame) else { continue };
        if let Err(e) = validate::validate_avps(&msg) {
            error_answer_decodes(&msg, &e);
        }
        if let Some(def) = dict::command(msg.header.application, msg.header.code)
            && let Err(e) = validate::validate(&msg, def)
        {
            error_answer_decodes(&msg, &e);
        }
        let _ = pretty::to_tree(&msg);
        for avp in msg.avps().take(64) {
            let Ok(avp) = avp else { break };
            let _ = (avp.u32(), avp.u64(), avp.utf8(), avp.address(), avp.f64());
            for child in avp.group().take(64) {
                let _ = child.map(|c| c.utf8());
            }
        }
    }
    let _ = Message::parse(bytes);
}

/// The answer to a malformed message decodes, whatever was wrong with the message: every AVP,
/// the children of its Failed-AVP and Proxy-Info included (RFC 6733 §7.1.5, §7.5). The one
/// complaint left is an AVP with reserved flag bits, which a 3009 Failed-AVP copies whole.
fn error_answer_decodes(msg: &Message<'_>, err: &codec::MessageError) {
    let origin = codec::build::Origin { host: "hss.example.org", realm: "example.org" };
    let mut out = BytesMut::new();
    let len = codec::build::error_answer(&mut out, msg, &origin, err);
    let answer = Message::parse(&out[..len]).expect("the error answer is framed");
    for avp in answer.avps() {
        let avp = avp.expect("every AVP of the error answer decodes");
        if avp.is(dict::base::FAILED_AVP.code, VendorId::IETF)
            || avp.is(dict::base::PROXY_INFO.code, VendorId::IETF)
        {
            for child in avp.group() {
                let bad = child.err().filter(|e| e.result_code != ResultCode::INVALID_AVP_BITS);
                assert!(bad.is_none(), "{err:?}: {:?} holds {bad:?}", avp.code);
            }
        }
    }
}
