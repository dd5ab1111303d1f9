//! Checking a message against its dictionary ABNF (RFC 6733 §3.2, §4, §7.1).
//!
//! Walks every AVP once, recursing into Grouped AVPs, and returns the first error with the
//! Result-Code and Failed-AVP an answer needs:
//! - an AVP whose length does not fit (5014), or reserved flag bits (3009);
//! - an unknown AVP with the M bit set (5001); unknown AVPs without it are skipped (§4.1);
//! - a value of the wrong length for its type (5014) or not valid UTF-8 (5004);
//! - an AVP occurring more often than its rule allows (5009), or forbidden (5008);
//! - a required AVP missing (5005).
//!
//! No allocation: occurrences are counted in a fixed array indexed by rule position.

use crate::avp::{AvpIter, RawAvp};
use crate::code::ResultCode;
use crate::dict::{self, AvpDef, AvpType, CommandDef, Rule};
use crate::error::MessageError;
use crate::message::Message;

/// The longest rule list any command or grouped AVP may have.
pub const MAX_RULES: usize = 96;

/// Grouped AVPs nest at most this deep before the message is refused with 5004; no HSS
/// message nests deeper than 6.
pub const MAX_DEPTH: usize = 16;

/// Validates header bits and every AVP of `msg` against `def`'s request or answer ABNF.
pub fn validate(msg: &Message<'_>, def: &CommandDef) -> Result<(), MessageError> {
    msg.check_header_bits()?;
    let rules = if msg.is_request() {
        def.request_rules
    } else if msg.header.flags.is_error() {
        // Error answers follow the generic answer-message ABNF of RFC 6733 §7.2.
        &[]
    } else {
        def.answer_rules
    };
    check_avps(msg.avps(), rules, 0)
}

/// Validates the AVPs of a message whose command is unknown: lengths, bits, M-bit AVPs.
pub fn validate_avps(msg: &Message<'_>) -> Result<(), MessageError> {
    check_avps(msg.avps(), &[], 0)
}

fn check_avps(avps: AvpIter<'_>, rules: &[Rule], depth: usize) -> Result<(), MessageError> {
    let mut counts = [0u8; MAX_RULES];
    for avp in avps {
        let avp = avp?;
        let def = dict::avp(avp.code, avp.vendor);
        match def {
            None if avp.flags.is_mandatory() => {
                return Err(MessageError { failed_avp: Some(avp.failed()), ..UNSUPPORTED });
            }
            None => {}
            Some(def) => check_value(&avp, def, depth)?,
        }
        let slot = rules.iter().position(|r| r.avp.code == avp.code && r.avp.vendor == avp.vendor);
        if let (Some(i), Some(count)) = (slot, counts.get_mut(slot.unwrap_or(MAX_RULES))) {
            *count = count.saturating_add(1);
            let rule = &rules[i];
            if rule.max == 0 {
                return Err(MessageError { failed_avp: Some(avp.failed()), ..NOT_ALLOWED });
            }
            if rule.max != dict::MANY && *count > rule.max {
                return Err(MessageError { failed_avp: Some(avp.failed()), ..TOO_MANY });
            }
        }
    }
    for (rule, count) in rules.iter().zip(counts) {
        if count < rule.min {
            return Err(MessageError::missing(
                rule.avp.code,
                rule.avp.vendor,
                rule.avp.ty.min_len(),
            ));
        }
    }
    Ok(())
}

const UNSUPPORTED: MessageError = MessageError {
    result_code: ResultCode::AVP_UNSUPPORTED,
    failed_avp: None,
    reason: "unknown AVP with the M bit set",
};
const NOT_ALLOWED: MessageError = MessageError {
    result_code: ResultCode::AVP_NOT_ALLOWED,
    failed_avp: None,
    reason: "AVP not allowed in this message",
};
const TOO_MANY: MessageError = MessageError {
    result_code: ResultCode::AVP_OCCURS_TOO_MANY_TIMES,
    failed_avp: None,
    reason: "AVP occurs too many times",
};

fn check_value(avp: &RawAvp<'_>, def: &AvpDef, depth: usize) -> Result<(), MessageError> {
    if let Some(n) = def.ty.fixed_len()
        && avp.data.len() != n
    {
        return Err(MessageError {
            result_code: ResultCode::INVALID_AVP_LENGTH,
            failed_avp: Some(avp.failed()),
            reason: "wrong length for the AVP's type",
        });
    }
    match def.ty {
        t if t.is_text() => avp.utf8().map(|_| ()),
        AvpType::Address => avp.address().map(|_| ()),
        AvpType::Grouped if depth >= MAX_DEPTH => Err(MessageError {
            result_code: ResultCode::INVALID_AVP_VALUE,
            failed_avp: Some(avp.failed()),
            reason: "grouped AVPs nested too deep",
        }),
        AvpType::Grouped => check_avps(avp.group(), def.rules, depth + 1),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
