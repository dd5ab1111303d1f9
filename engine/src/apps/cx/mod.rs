//! Cx/Dx (TS 29.228 / TS 29.229, application 16777216): the I-CSCF's User-Authorization and
//! Location-Info ([`register`]), the S-CSCF's Multimedia-Auth ([`auth`]) and
//! Server-Assignment ([`assign`]); the User-Data they carry ([`user_data`]).
//!
//! A request names its user by private identity (IMPI, User-Name) and public identity (IMPU,
//! Public-Identity); each resolves to the subscription's subscriber key with one index read,
//! then one cache entry ([`store::CachedIms`]) holds the subscription, its iFCs, its
//! registration and its rendered User-Data. On a shard, a request whose identity or
//! subscription is not cached is deferred to the slow lane, like an AIR whose subscriber is
//! cold; so is an AKA MAR whose SQNs are not in memory.

mod assign;
mod auth;
mod push;
mod register;
pub(crate) mod user_data;

#[cfg(test)]
mod tests;

use std::sync::Arc;

use bytes::BytesMut;
use codec::build::cx::{self as b, SaaBody};
use codec::build::{Origin, Outcome};
use codec::code::experimental;
use codec::dict;
use codec::{ApplicationId, CommandCode, Message, ResultCode, VendorId};
use store::{CachedIms, ImsSubscription, StoreError, SubscriberKey};

pub use push::{PushProfile, RegistrationTermination};

use super::{Application, Deferral, Failure, Handled, Request, Route, command};

/// The Cx application.
pub static CX: Application = Application {
    id: ApplicationId::CX,
    vendor: VendorId::TGPP,
    name: "Cx/Dx",
    routes: &[
        Route {
            command: command(dict::cx::COMMANDS, CommandCode::USER_AUTHORIZATION),
            handler: register::uar,
            refuse: refuse_uar,
        },
        Route {
            command: command(dict::cx::COMMANDS, CommandCode::MULTIMEDIA_AUTH),
            handler: auth::mar,
            refuse: refuse_mar,
        },
        Route {
            command: command(dict::cx::COMMANDS, CommandCode::SERVER_ASSIGNMENT),
            handler: assign::sar,
            refuse: refuse_sar,
        },
        Route {
            command: command(dict::cx::COMMANDS, CommandCode::LOCATION_INFO),
            handler: register::lir,
            refuse: refuse_lir,
        },
    ],
    store_error,
};

/// Cx's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Most AKA items one MAR returns, whatever SIP-Number-Auth-Items says (1..=32).
    pub max_auth_items: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self { max_auth_items: 5 }
    }
}

/// TS 29.229 §6.2: an unknown user is 5001; a transient store failure (a full or failing
/// disk) 3004 DIAMETER_TOO_BUSY with the E bit, so that the CSCF tries another HSS (RFC 6733
/// §7.1.3; why 3004 and not 3002 or 5012: `s6a::store_error`); anything else the store cannot
/// do is DIAMETER_UNABLE_TO_COMPLY.
fn store_error(err: &StoreError) -> Outcome {
    match err {
        StoreError::UnknownSubscriber => Outcome::Experimental(experimental::ERROR_USER_UNKNOWN),
        e if e.is_transient() => Outcome::Result(ResultCode::TOO_BUSY),
        _ => Outcome::Result(ResultCode::UNABLE_TO_COMPLY),
    }
}

fn refuse_uar(out: &mut BytesMut, msg: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) {
    b::uaa(out, msg, origin, outcome, None);
}

fn refuse_mar(out: &mut BytesMut, msg: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) {
    b::maa(out, msg, origin, outcome, None);
}

fn refuse_sar(out: &mut BytesMut, msg: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) {
    b::saa(out, msg, origin, outcome, &SaaBody::default());
}

fn refuse_lir(out: &mut BytesMut, msg: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) {
    b::lia(out, msg, origin, outcome, None, None);
}

/// The 3GPP outcome `code`, as a failure.
fn fail(code: ResultCode) -> Failure {
    Failure::Outcome(Outcome::Experimental(code))
}

/// How a request names its user.
#[derive(Debug, Clone, Copy)]
enum Identity<'a> {
    Private(&'a str),
    Public(&'a str),
}

/// What looking a subscription up gave.
enum Lookup<T = Arc<CachedIms>> {
    Found(T),
    /// Not in memory and on a shard: the slow lane serves it.
    Defer(Handled),
}

/// The subscription `identity` names: from the cache; on a shard, deferred when not cached;
/// elsewhere read from the store. An identity no subscription has is 5001.
fn subscription(req: &Request<'_>, identity: Identity<'_>) -> Result<Lookup, Failure> {
    let store = req.store();
    let (text, public) = match identity {
        Identity::Private(s) => (s, false),
        Identity::Public(s) => (s, true),
    };
    if req.may_defer() {
        let deferral =
            |subscriber| Lookup::Defer(Handled::Deferred(Deferral { subscriber, sqns: 0 }));
        return Ok(match store.ims_cached_key(text, public) {
            None => deferral(SubscriberKey::UNRESOLVED),
            Some(key) => store.ims_cached_entry(key).map_or_else(|| deferral(key), Lookup::Found),
        });
    }
    let key = if public { store.ims_key_by_impu(text) } else { store.ims_key_by_impi(text) };
    let entry = key.and_then(|k| store.ims_entry(k)).map_err(|e| req.store_failure(&e))?;
    Ok(Lookup::Found(entry))
}

/// The index of private identity `impi` and of public identity `impu` in `sub`: 5001 when the
/// subscription does not have the IMPU (it was found by the IMPI), 5002 when it has the IMPU
/// but the IMPI is not its (TS 29.228 §6.1.1.1).
fn pair(sub: &ImsSubscription, impi: &str, impu: &str) -> Result<(usize, usize), Failure> {
    let i = sub.private_identities.iter().position(|p| p.impi == impi);
    let u = sub.public_index(impu);
    match (i, u) {
        (Some(i), Some(u)) => Ok((i, u)),
        (None, Some(_)) => Err(fail(experimental::ERROR_IDENTITIES_DONT_MATCH)),
        (_, None) => Err(fail(experimental::ERROR_USER_UNKNOWN)),
    }
}

/// A subscription found by a private and a public identity, with their indexes in it.
struct Pair {
    entry: Arc<CachedIms>,
    impi: usize,
    impu: usize,
}

/// Looks both identities up: through the IMPU's index, then checks the IMPI belongs to the
/// same subscription (5002 otherwise, 5001 when either is unknown).
fn subscription_of_pair(
    req: &Request<'_>,
    impi: &str,
    impu: &str,
) -> Result<Lookup<Pair>, Failure> {
    let entry = match subscription(req, Identity::Public(impu))? {
        Lookup::Found(e) => e,
        Lookup::Defer(h) => return Ok(Lookup::Defer(h)),
    };
    match pair(entry.subscription(), impi, impu) {
        Ok((impi, impu)) => Ok(Lookup::Found(Pair { entry, impi, impu })),
        Err(Failure::Outcome(Outcome::Experimental(c)))
            if c == experimental::ERROR_IDENTITIES_DONT_MATCH =>
        {
            // Another subscription's IMPI is 5002; an IMPI of none is 5001 (the lookup's
            // failure).
            match subscription(req, Identity::Private(impi))? {
                Lookup::Found(_) => Err(fail(c)),
                Lookup::Defer(h) => Ok(Lookup::Defer(h)),
            }
        }
        Err(e) => Err(e),
    }
}
