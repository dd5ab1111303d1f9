//! SWx (TS 29.273 §8, application 16777265): the 3GPP AAA server of non-3GPP access (an ePDG
//! for VoWiFi, a trusted WLAN) asks the HSS for EAP-AKA' / EAP-AKA vectors ([`auth`]: MAR) and
//! registers itself and downloads the non-3GPP profile ([`assign`]: SAR); the HSS tells it of
//! deregistrations and profile changes ([`push`]: RTR, PPR). The profile, Non-3GPP-User-Data,
//! is made from the EPS subscriber ([`profile`]).
//!
//! The user is named by its IMSI, or by an IMSI-based NAI (`0<IMSI>@nai.epc...` for EAP-AKA,
//! `6<IMSI>@...` for EAP-AKA', TS 23.003 §19.3.2): one subscriber, one cache entry and one SQN
//! space with S6a and Cx. The registered 3GPP AAA server is the store's serving node of kind
//! [`store::NodeKind::Aaa`]. Like AIR: on a shard, a subscriber not cached (or a MAR without
//! the SQNs it needs in memory) is deferred to the slow lane; the AAA server's record is read
//! and written on the shard, as ULR does with the MME's (unsynced writes).

mod assign;
mod auth;
mod profile;
mod push;

#[cfg(test)]
mod tests;

use bytes::BytesMut;
use codec::build::swx::{self as b, SwxMaaBody, SwxSaaBody};
use codec::build::{Origin, Outcome};
use codec::code::experimental;
use codec::dict;
use codec::view::cx::AuthScheme;
use codec::{ApplicationId, CommandCode, Message, ResultCode, VendorId};
use store::{CachedSubscriber, Imsi, StoreError};

pub use push::{SwxPushProfile, SwxRegistrationTermination};

use super::{Application, Failure, Route, command};

/// The SWx application.
pub static SWX: Application = Application {
    id: ApplicationId::SWX,
    vendor: VendorId::TGPP,
    name: "SWx",
    routes: &[
        Route {
            command: command(dict::swx::COMMANDS, CommandCode::MULTIMEDIA_AUTH),
            handler: auth::mar,
            refuse: refuse_mar,
        },
        Route {
            command: command(dict::swx::COMMANDS, CommandCode::SERVER_ASSIGNMENT),
            handler: assign::sar,
            refuse: refuse_sar,
        },
    ],
    store_error,
};

/// 5450 DIAMETER_ERROR_USER_NO_NON_3GPP_SUBSCRIPTION (TS 29.273, an Experimental-Result of
/// vendor 10415): the user has no non-3GPP subscription (barred, or the subscriber disabled).
pub const ERROR_USER_NO_NON_3GPP_SUBSCRIPTION: ResultCode = ResultCode(5450);

/// TS 29.273: an unknown user is 5001; a transient store failure (a full or failing disk)
/// 3004 DIAMETER_TOO_BUSY with the E bit, so that the AAA server tries another HSS (RFC 6733
/// §7.1.3; why 3004 and not 3002 or 5012: `s6a::store_error`); anything else the store cannot
/// do (no authentication data, an exhausted SQN space, corrupt data) is
/// DIAMETER_UNABLE_TO_COMPLY, as for Cx.
fn store_error(err: &StoreError) -> Outcome {
    match err {
        StoreError::UnknownSubscriber => Outcome::Experimental(experimental::ERROR_USER_UNKNOWN),
        e if e.is_transient() => Outcome::Result(ResultCode::TOO_BUSY),
        _ => Outcome::Result(ResultCode::UNABLE_TO_COMPLY),
    }
}

/// The request's User-Name, which an SWx answer must carry even when it refuses (the view
/// requires it, so it is there whenever a handler refuses).
fn user_name<'a>(msg: &Message<'a>) -> &'a str {
    let def = &dict::base::USER_NAME;
    match msg.find(def.code, def.vendor) {
        Ok(Some(avp)) => avp.utf8().unwrap_or(""),
        _ => "",
    }
}

fn refuse_mar(out: &mut BytesMut, msg: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) {
    let body = SwxMaaBody {
        user_name: user_name(msg),
        scheme: AuthScheme::EapAkaPrime,
        items: &[],
        aaa_server_name: None,
    };
    b::maa(out, msg, origin, outcome, &body);
}

fn refuse_sar(out: &mut BytesMut, msg: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) {
    let body = SwxSaaBody { user_name: user_name(msg), user_data: None, aaa_server_name: None };
    b::saa(out, msg, origin, outcome, &body);
}

/// The 3GPP outcome `code`, as a failure.
fn fail(code: ResultCode) -> Failure {
    Failure::Outcome(Outcome::Experimental(code))
}

/// The IMSI a User-Name names: the IMSI itself, or an IMSI-based NAI, whose first character
/// (the EAP method's prefix: `0` EAP-AKA, `6` EAP-AKA', ...) is followed by the IMSI up to the
/// `@`. `None` for anything else (a pseudonym, a fast re-authentication identity): a user the
/// HSS does not know.
pub(crate) fn imsi_of(user_name: &str) -> Option<Imsi> {
    let digits = match user_name.split_once('@') {
        Some((local, _realm)) => local.get(1..)?,
        None => user_name,
    };
    Imsi::parse(digits).ok()
}

/// 5450 unless the subscriber may use non-3GPP access: allowed (Non-3GPP-IP-Access) and not
/// administratively disabled.
fn check_access(entry: &CachedSubscriber) -> Result<(), Failure> {
    let options = &entry.subscriber().options;
    if options.non_3gpp.allowed && !options.disabled {
        Ok(())
    } else {
        Err(fail(ERROR_USER_NO_NON_3GPP_SUBSCRIPTION))
    }
}
