//! How one answer counts ([`Judgement`]) and, when it failed, the result it is counted under in
//! the report ([`ResultKey`]). The bottom layer of the crate: [`crate::Step::check`] gives the
//! judgement, the [`crate::Counters`] and the report count by it, and it imports from no other
//! module of the crate.

use std::fmt;

/// How an answer counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judgement {
    /// A success result of the step (Result-Code 2001; for a UAA Experimental-Result 2001 or
    /// 2002, for a LIA also 2003) and the content the step expects.
    Success,
    /// Any other Result-Code or Experimental-Result-Code.
    Failure(ResultKey),
    /// An answer that cannot be read, or a success without what it must carry.
    Invalid(&'static str),
}

/// How an unsuccessful answer reported its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResultKey {
    /// A Result-Code other than 2001.
    Result(u32),
    /// An Experimental-Result-Code (3GPP, e.g. 5001 DIAMETER_ERROR_USER_UNKNOWN).
    Experimental(u32),
}

impl fmt::Display for ResultKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Result(c) => write!(f, "Result-Code {c}"),
            Self::Experimental(c) => write!(f, "Experimental-Result-Code {c}"),
        }
    }
}
