//! Prints a message as an indented tree, naming commands, AVPs and enumerated values from the
//! dictionary. For logs and debugging; never on the hot path.
//!
//! ```text
//! AIR (Authentication-Information Request) app=S6A(16777251) flags=RP-- hbh=0x00000001 e2e=0x00000002
//!   Session-Id [M] = "hss;1;2"
//!   Requested-EUTRAN-Authentication-Info [VM] 3GPP
//!     Number-Of-Requested-Vectors [VM] 3GPP = 1
//! ```

use std::fmt::{self, Write};

use crate::avp::{Address, AvpIter, RawAvp};
use crate::dict::{self, AvpType};
use crate::message::Message;
use crate::validate::MAX_DEPTH;

/// Displays a message as a tree; use with `format!("{}", Pretty(&msg))`.
#[derive(Debug, Clone, Copy)]
pub struct Pretty<'m, 'a>(pub &'m Message<'a>);

impl fmt::Display for Pretty<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = &self.0.header;
        let request = h.flags.is_request();
        match dict::command(h.application, h.code) {
            Some(c) => {
                let (abbrev, kind) =
                    if request { (c.request, "Request") } else { (c.answer, "Answer") };
                write!(f, "{abbrev} ({} {kind})", c.name)?;
            }
            None => write!(f, "{:?} {}", h.code, if request { "Request" } else { "Answer" })?,
        }
        writeln!(
            f,
            " app={:?} flags={:?} hbh={:#010x} e2e={:#010x}",
            h.application, h.flags, h.hop_by_hop, h.end_to_end
        )?;
        write_avps(f, self.0.avps(), 1)
    }
}

fn write_avps(f: &mut fmt::Formatter<'_>, avps: AvpIter<'_>, depth: usize) -> fmt::Result {
    for avp in avps {
        let avp = match avp {
            Ok(a) => a,
            Err(e) => return writeln!(f, "{:indent$}<malformed: {e}>", "", indent = depth * 2),
        };
        write_avp(f, &avp, depth)?;
    }
    Ok(())
}

fn write_avp(f: &mut fmt::Formatter<'_>, avp: &RawAvp<'_>, depth: usize) -> fmt::Result {
    let def = dict::avp(avp.code, avp.vendor);
    let indent = depth * 2;
    match def {
        Some(d) => write!(f, "{:indent$}{} [{:?}]", "", d.name, avp.flags)?,
        None => write!(f, "{:indent$}AVP {} [{:?}]", "", avp.code.0, avp.flags)?,
    }
    if avp.vendor.0 != 0 {
        match avp.vendor.name() {
            Some("TGPP") => f.write_str(" 3GPP")?,
            _ => write!(f, " vendor={}", avp.vendor.0)?,
        }
    }
    let Some(def) = def else {
        return writeln!(f, " = 0x{}", Hex(avp.data));
    };
    // A Grouped AVP nested deeper than the validator accepts is shown as bytes: recursing on
    // whatever depth a message claims would run out of stack (a 64 KB message of Grouped AVPs
    // nests 8000 deep).
    if def.ty == AvpType::Grouped && depth <= MAX_DEPTH {
        writeln!(f)?;
        return write_avps(f, avp.group(), depth + 1);
    }
    f.write_str(" = ")?;
    let shown = match def.ty {
        AvpType::Unsigned32 | AvpType::Enumerated => avp.u32().map(|v| match def.value_name(v) {
            Some(n) => format!("{n} ({v})"),
            None => v.to_string(),
        }),
        AvpType::Integer32 => avp.i32().map(|v| v.to_string()),
        AvpType::Unsigned64 => avp.u64().map(|v| v.to_string()),
        AvpType::Integer64 => avp.i64().map(|v| v.to_string()),
        AvpType::Float32 => avp.f32().map(|v| v.to_string()),
        AvpType::Float64 => avp.f64().map(|v| v.to_string()),
        AvpType::Time => avp.time().map(|v| format!("{v} (NTP seconds)")),
        AvpType::Address => avp.address().map(|a| match a {
            Address::Ip(ip) => ip.to_string(),
            Address::Other { family, bytes } => format!("family {family}: 0x{}", Hex(bytes)),
        }),
        t if t.is_text() => avp.utf8().map(|s| format!("{s:?}")),
        _ => Ok(format!("0x{}", Hex(avp.data))),
    };
    match shown {
        Ok(s) => writeln!(f, "{s}"),
        Err(_) => writeln!(f, "<invalid> 0x{}", Hex(avp.data)),
    }
}

struct Hex<'a>(&'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// Renders `msg` as a tree into a `String`.
pub fn to_tree(msg: &Message<'_>) -> String {
    let mut s = String::new();
    let _ = write!(s, "{}", Pretty(msg));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::base;
    use crate::{ApplicationId, CommandCode, MessageWriter};
    use bytes::BytesMut;

    #[test]
    fn prints_names_values_and_groups() {
        let mut buf = BytesMut::new();
        let mut w = MessageWriter::request(
            &mut buf,
            CommandCode::DISCONNECT_PEER,
            ApplicationId::COMMON,
            false,
            1,
            2,
        );
        w.origin("hss.example", "example");
        w.u32(&base::DISCONNECT_CAUSE, 2);
        w.experimental_result(crate::ResultCode(5001));
        w.raw(crate::AvpCode(99_999), crate::VendorId(7), 0, &[0xab]);
        w.finish();
        let msg = Message::parse(&buf).unwrap();
        let tree = to_tree(&msg);
        assert!(
            tree.starts_with("DPR (Disconnect-Peer Request) app=COMMON(0) flags=R---"),
            "{tree}"
        );
        assert!(tree.contains("  Origin-Host [-M-] = \"hss.example\"\n"), "{tree}");
        assert!(tree.contains("Disconnect-Cause [-M-] = DO_NOT_WANT_TO_TALK_TO_YOU (2)"), "{tree}");
        assert!(
            tree.contains("  Experimental-Result [-M-]\n    Vendor-Id [-M-] = 10415\n"),
            "{tree}"
        );
        assert!(tree.contains("AVP 99999 [V--] vendor=7 = 0xab"), "{tree}");
    }

    /// Regression: Grouped AVPs nested 10 000 deep (an 80 KB message) overflowed the stack.
    #[test]
    fn deep_nesting_is_shown_as_bytes_and_does_not_overflow() {
        let mut avp = Vec::new();
        for _ in 0..10_000 {
            let mut outer = base::FAILED_AVP.code.0.to_be_bytes().to_vec();
            outer.extend_from_slice(&(0x4000_0008 + avp.len() as u32).to_be_bytes());
            outer.extend_from_slice(&avp);
            avp = outer;
        }
        let mut bytes = vec![1, 0, 0, 0, 0x80, 0, 1, 0x18, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1];
        bytes.extend_from_slice(&avp);
        let len = bytes.len() as u32;
        bytes[1..4].copy_from_slice(&len.to_be_bytes()[1..]);
        // A stack of its own, half the default, whatever RUST_MIN_STACK says.
        let tree = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || to_tree(&Message::parse(&bytes).unwrap()))
            .unwrap()
            .join()
            .expect("to_tree returns");
        let lines: Vec<_> = tree.lines().collect();
        // The header, MAX_DEPTH levels of groups (as many as the validator accepts), then the
        // next level's bytes: a Failed-AVP header (code 279) and so on.
        assert_eq!(lines.len(), MAX_DEPTH + 2, "{}", &tree[..200]);
        let indent = " ".repeat((MAX_DEPTH + 1) * 2);
        let last = lines[MAX_DEPTH + 1];
        assert!(
            last.starts_with(&format!("{indent}Failed-AVP [-M-] = 0x0000011740")),
            "{last:.80}"
        );
    }
}
