//! S6a/S6d (TS 29.272 §5.2, application 16777251): AIR ([`auth`]); ULR, PUR, NOR
//! ([`location`]) with the Subscription-Data ([`subscription`]) and who may be served where
//! ([`admission`]); the Cancel-Location, Insert- and Delete-Subscriber-Data the HSS sends
//! ([`cancel`], [`insert`]).

mod admission;
mod auth;
mod cancel;
mod insert;
mod location;
pub(crate) mod subscription;

#[cfg(test)]
mod tests;

use bytes::BytesMut;
use codec::build::s6a::{self as b, AiaBody, UlaBody};
use codec::build::{Origin, Outcome};
use codec::code::experimental;
use codec::dict::{self, AvpDef};
use codec::{ApplicationId, CommandCode, Message, MessageError, ResultCode, VendorId};
use store::{CachedSubscriber, Imsi, StoreError};

pub use cancel::CancelLocation;
pub use insert::{DeleteSubscriberData, InsertSubscriberData};

use super::{Application, Failure, Request, Route, command};

/// The S6a application.
pub static S6A: Application = Application {
    id: ApplicationId::S6A,
    vendor: VendorId::TGPP,
    name: "S6a/S6d",
    routes: &[
        Route {
            command: command(dict::s6a::COMMANDS, CommandCode::AUTHENTICATION_INFORMATION),
            handler: auth::air,
            refuse: refuse_air,
        },
        Route {
            command: command(dict::s6a::COMMANDS, CommandCode::UPDATE_LOCATION),
            handler: location::ulr,
            refuse: refuse_ulr,
        },
        Route {
            command: command(dict::s6a::COMMANDS, CommandCode::PURGE_UE),
            handler: location::pur,
            refuse: refuse_pur,
        },
        Route {
            command: command(dict::s6a::COMMANDS, CommandCode::NOTIFY),
            handler: location::nor,
            refuse: refuse_nor,
        },
    ],
    store_error,
};

/// S6a's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Most vectors one AIR returns, whatever Number-Of-Requested-Vectors says (1..=32).
    pub max_vectors: usize,
}

impl Default for Settings {
    /// Five vectors, as most MMEs ask for.
    fn default() -> Self {
        Self { max_vectors: 5 }
    }
}

/// The Experimental-Result or Result-Code a store error maps to (TS 29.272 §5.2.3.1.3).
///
/// A transient store failure ([`StoreError::is_transient`]: the disk full or failing, writes
/// stopped until the store resumes) is 3004 DIAMETER_TOO_BUSY, a protocol error with the E bit:
/// RFC 6733 §7.1.3 has the peer "attempt to send the message to an alternate peer", which is
/// what an MME should do while this HSS cannot write (the SQN reservation of an AIR, the
/// serving MME of a ULR), and the slow lane's shedding answers the same. Not 3002
/// DIAMETER_UNABLE_TO_DELIVER, which says that no host of the realm could be reached (a
/// routing failure of agents), nor 5012, a permanent refusal on which MMEs do not fail over;
/// TS 29.272 defines no result of its own for it. Permanent errors keep their answers: 5001,
/// 4181, and 5012 for the rest (corrupt data, an exhausted SQN space).
fn store_error(err: &StoreError) -> Outcome {
    match err {
        StoreError::UnknownSubscriber => Outcome::Experimental(experimental::ERROR_USER_UNKNOWN),
        StoreError::NoAuthData => {
            Outcome::Experimental(experimental::AUTHENTICATION_DATA_UNAVAILABLE)
        }
        e if e.is_transient() => Outcome::Result(ResultCode::TOO_BUSY),
        _ => Outcome::Result(ResultCode::UNABLE_TO_COMPLY),
    }
}

fn refuse_air(out: &mut BytesMut, msg: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) {
    b::aia(out, msg, origin, outcome, &AiaBody::default());
}

fn refuse_ulr(out: &mut BytesMut, msg: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) {
    b::ula(out, msg, origin, outcome, &UlaBody::default());
}

fn refuse_pur(out: &mut BytesMut, msg: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) {
    b::pua(out, msg, origin, outcome, None);
}

fn refuse_nor(out: &mut BytesMut, msg: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) {
    b::noa(out, msg, origin, outcome);
}

/// The subscriber's cache entry, or the failure: unknown (5001), store errors.
fn subscriber_entry(
    req: &Request<'_>,
    imsi: Imsi,
) -> Result<std::sync::Arc<CachedSubscriber>, Failure> {
    req.store().subscriber_entry(imsi.key()).map_err(|e| req.store_failure(&e))
}

/// A 5004 naming the request's `def` AVP, whose value the application cannot use.
fn invalid_avp(msg: &Message<'_>, def: &AvpDef, reason: &'static str) -> MessageError {
    match msg.find(def.code, def.vendor) {
        Ok(Some(avp)) => codec::view::invalid_value(&avp, reason),
        Ok(None) => MessageError::missing(def.code, def.vendor, def.ty.min_len()),
        Err(e) => e,
    }
}

/// The packed IMSI of a User-Name the view already checked to be 6..=15 digits.
fn parse_imsi(msg: &Message<'_>, digits: &str) -> Result<Imsi, MessageError> {
    Imsi::parse(digits)
        .map_err(|_| invalid_avp(msg, &dict::base::USER_NAME, "User-Name is not an IMSI"))
}
