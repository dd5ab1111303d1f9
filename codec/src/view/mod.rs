//! Typed views of the requests (and answers) the HSS receives.
//!
//! A view is built once per message: one pass over the top-level AVPs picks out the ones the
//! handler needs ([`index`]), then typed accessors convert them. Handlers read fields, never
//! raw AVP codes. Building a view does not validate the message against the dictionary: call
//! [`crate::validate::validate`] first; a view only fails on what it needs itself (a missing
//! or malformed field it reads), with the same Result-Codes.

pub mod base;
pub mod cx;
pub mod s13;
pub mod s6a;
pub mod sh;
pub mod swx;

use crate::avp::{AvpIter, RawAvp};
use crate::code::ResultCode;
use crate::dict::{AvpDef, base as b};
use crate::error::MessageError;
use crate::message::Message;

/// Finds the first AVP of `avps` matching each of `defs`, in one pass, and hands every match
/// (first or repeated) to `check`.
fn first_of<'a, const N: usize>(
    avps: AvpIter<'a>,
    defs: [&AvpDef; N],
    mut check: impl FnMut(&RawAvp<'a>) -> Result<(), MessageError>,
) -> Result<[Option<RawAvp<'a>>; N], MessageError> {
    let mut found = [None; N];
    for avp in avps {
        let avp = avp?;
        if let Some(i) = defs.iter().position(|d| avp.is(d.code, d.vendor)) {
            check(&avp)?;
            if found[i].is_none() {
                found[i] = Some(avp);
            }
        }
    }
    Ok(found)
}

/// Finds the first top-level AVP matching each of `defs`, in one pass.
pub fn index<'a, const N: usize>(
    msg: &Message<'a>,
    defs: [&AvpDef; N],
) -> Result<[Option<RawAvp<'a>>; N], MessageError> {
    first_of(msg.avps(), defs, |_| Ok(()))
}

/// Finds the first child AVP matching each of `defs` inside a Grouped AVP, in one pass.
pub fn index_group<'a, const N: usize>(
    group: &RawAvp<'a>,
    defs: [&AvpDef; N],
) -> Result<[Option<RawAvp<'a>>; N], MessageError> {
    first_of(group.group(), defs, |_| Ok(()))
}

/// Like [`index`]: finds the first top-level AVP matching each of `defs` in one pass, and also
/// hands every match (first or repeated) to `check`, so that a view validates its repeated AVPs
/// in the same pass.
pub(crate) fn scan<'a, const N: usize>(
    msg: &Message<'a>,
    defs: [&AvpDef; N],
    check: impl FnMut(&RawAvp<'a>) -> Result<(), MessageError>,
) -> Result<[Option<RawAvp<'a>>; N], MessageError> {
    first_of(msg.avps(), defs, check)
}

/// The value of a required AVP, or a 5005 naming it.
pub fn require<'a>(avp: Option<RawAvp<'a>>, def: &AvpDef) -> Result<RawAvp<'a>, MessageError> {
    avp.ok_or_else(|| MessageError::missing(def.code, def.vendor, def.ty.min_len()))
}

/// A required UTF-8 AVP.
pub fn require_str<'a>(avp: Option<RawAvp<'a>>, def: &AvpDef) -> Result<&'a str, MessageError> {
    require(avp, def)?.utf8()
}

/// An optional UTF-8 AVP.
pub fn opt_str<'a>(avp: Option<RawAvp<'a>>) -> Result<Option<&'a str>, MessageError> {
    avp.map(|a| a.utf8()).transpose()
}

/// An optional Unsigned32 / Enumerated AVP.
pub fn opt_u32(avp: Option<RawAvp<'_>>) -> Result<Option<u32>, MessageError> {
    avp.map(|a| a.u32()).transpose()
}

/// A fixed-length OctetString (e.g. a 3-byte PLMN id); another length is a 5014 on that AVP.
pub fn fixed_octets<const N: usize>(avp: &RawAvp<'_>) -> Result<[u8; N], MessageError> {
    avp.data.try_into().map_err(|_| MessageError {
        result_code: ResultCode::INVALID_AVP_LENGTH,
        failed_avp: Some(avp.failed()),
        reason: "OctetString of the wrong length",
    })
}

/// A value the AVP's type allows but the application does not (5004 on that AVP).
pub fn invalid_value(avp: &RawAvp<'_>, reason: &'static str) -> MessageError {
    MessageError {
        result_code: ResultCode::INVALID_AVP_VALUE,
        failed_avp: Some(avp.failed()),
        reason,
    }
}

/// The routing and session fields every request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Routing<'a> {
    pub session_id: Option<&'a str>,
    pub origin_host: &'a str,
    pub origin_realm: &'a str,
    pub destination_host: Option<&'a str>,
    pub destination_realm: Option<&'a str>,
}

impl<'a> Routing<'a> {
    /// The AVPs [`Routing::from_index`] reads: list them first in a view's [`index`] call.
    pub const DEFS: [&'static AvpDef; 5] = [
        &b::SESSION_ID,
        &b::ORIGIN_HOST,
        &b::ORIGIN_REALM,
        &b::DESTINATION_HOST,
        &b::DESTINATION_REALM,
    ];

    /// Builds the routing fields from the first five slots of an index made with [`Self::DEFS`].
    pub fn from_index(found: &[Option<RawAvp<'a>>]) -> Result<Self, MessageError> {
        Ok(Self {
            session_id: opt_str(found[0])?,
            origin_host: require_str(found[1], &b::ORIGIN_HOST)?,
            origin_realm: require_str(found[2], &b::ORIGIN_REALM)?,
            destination_host: opt_str(found[3])?,
            destination_realm: opt_str(found[4])?,
        })
    }
}

/// The [`Routing`] AVPs followed by `defs`, for a request view's [`index`] or [`scan`]: slots
/// 0-4 feed [`Routing::from_index`], the rest follow in order.
macro_rules! routed {
    ($($def:expr),* $(,)?) => {{
        let r = $crate::view::Routing::DEFS;
        [r[0], r[1], r[2], r[3], r[4], $($def),*]
    }};
}
pub(crate) use routed;

/// The result of an answer the HSS receives (CLA, IDA, DSA, RTA, PPA, PNA).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerResult {
    /// Result-Code.
    Result(ResultCode),
    /// Experimental-Result with its vendor.
    Experimental { vendor: u32, code: ResultCode },
}

impl AnswerResult {
    /// Reads Result-Code or Experimental-Result from an answer; 5005 when it has neither.
    pub fn from_answer(msg: &Message<'_>) -> Result<Self, MessageError> {
        let [rc, er] = index(msg, [&b::RESULT_CODE, &b::EXPERIMENTAL_RESULT])?;
        Self::from_avps(rc, er)
    }

    /// Result-Code `rc`, else Experimental-Result `er`; a 5005 naming Result-Code when neither
    /// is there.
    fn from_avps(rc: Option<RawAvp<'_>>, er: Option<RawAvp<'_>>) -> Result<Self, MessageError> {
        if let Some(rc) = rc {
            return Ok(Self::Result(ResultCode(rc.u32()?)));
        }
        let er = require(er, &b::RESULT_CODE)?;
        let [vendor, code] = index_group(&er, [&b::VENDOR_ID, &b::EXPERIMENTAL_RESULT_CODE])?;
        Ok(Self::Experimental {
            vendor: require(vendor, &b::VENDOR_ID)?.u32()?,
            code: ResultCode(require(code, &b::EXPERIMENTAL_RESULT_CODE)?.u32()?),
        })
    }

    /// True for 2xxx results.
    pub fn is_success(self) -> bool {
        match self {
            Self::Result(c) | Self::Experimental { code: c, .. } => c.is_success(),
        }
    }
}

/// An answer the HSS receives to a request it sent: its Session-Id, origin and result. Cx
/// RTA/PPA, Sh PNA and SWx RTA/PPA are read as this view (handlers read the result; their other
/// AVPs are informative); the answer views with more to read (S6a CLA, IDA, DSA; S13 ECA) start
/// from the same fields ([`Self::DEFS`], [`Self::from_index`]).
#[derive(Debug, Clone, Copy)]
pub struct AnswerView<'a> {
    pub msg: Message<'a>,
    pub session_id: Option<&'a str>,
    pub origin_host: &'a str,
    pub origin_realm: &'a str,
    /// Result-Code or Experimental-Result.
    pub result: AnswerResult,
}

impl<'a> AnswerView<'a> {
    /// The AVPs [`AnswerView::from_index`] reads: list them first in a view's index.
    pub const DEFS: [&'static AvpDef; 5] = [
        &b::SESSION_ID,
        &b::ORIGIN_HOST,
        &b::ORIGIN_REALM,
        &b::RESULT_CODE,
        &b::EXPERIMENTAL_RESULT,
    ];

    /// Reads an answer.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        Self::from_index(msg, &index(msg, Self::DEFS)?)
    }

    /// Reads the first five slots of an index of `msg` made with [`Self::DEFS`]; like
    /// [`AnswerResult::from_answer`], a 5005 naming Result-Code when the answer has neither.
    /// The origin is read first: an answer without Origin-Host is refused for that, as the
    /// validator (which requires it, while Result-Code is optional in the ABNFs) refuses it.
    pub fn from_index(
        msg: &Message<'a>,
        found: &[Option<RawAvp<'a>>],
    ) -> Result<Self, MessageError> {
        Ok(Self {
            msg: *msg,
            session_id: opt_str(found[0])?,
            origin_host: require_str(found[1], &b::ORIGIN_HOST)?,
            origin_realm: require_str(found[2], &b::ORIGIN_REALM)?,
            result: AnswerResult::from_avps(found[3], found[4])?,
        })
    }
}

/// The [`AnswerView`] AVPs followed by `defs`, for an answer view's [`index`] or [`scan`].
macro_rules! answered {
    ($($def:expr),* $(,)?) => {{
        let a = $crate::view::AnswerView::DEFS;
        [a[0], a[1], a[2], a[3], a[4], $($def),*]
    }};
}
pub(crate) use answered;
