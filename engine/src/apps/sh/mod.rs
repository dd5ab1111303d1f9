//! Sh/Dh (TS 29.328 / TS 29.329, application 16777217): User-Data ([`read`]), Profile-Update
//! and Subscribe-Notifications ([`write`]) from application servers, and the
//! Push-Notification the HSS sends them ([`notify`]); the Sh-Data document ([`sh_data`]).
//!
//! Sh serves a few requests per call setup, not per packet: every Sh request is served on the
//! slow lane (a shard defers it), where reading repository data and writing it synced never
//! holds up a shard. Each request is checked against the AS permission list (TS 29.328
//! §6.2): an AS with no entry, under its Origin-Host or its realm, may do nothing.

mod notify;
mod read;
mod sh_data;
mod write;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::BytesMut;
use codec::build::sh as b;
use codec::build::{Origin, Outcome};
use codec::code::experimental;
use codec::dict;
use codec::view::sh::{DataReference, UserIdentity};
use codec::{ApplicationId, CommandCode, Message, ResultCode, VendorId};
use store::{AsPermissions, CachedIms, StoreError, SubscriberKey};

pub use notify::PushNotification;
pub(crate) use notify::{notify_subscribers, push_notification};

use super::{Application, Deferral, Failure, Handled, Request, Route, command};

/// The Sh application.
pub static SH: Application = Application {
    id: ApplicationId::SH,
    vendor: VendorId::TGPP,
    name: "Sh/Dh",
    routes: &[
        Route {
            command: command(dict::sh::COMMANDS, CommandCode::USER_DATA),
            handler: read::udr,
            refuse: refuse_udr,
        },
        Route {
            command: command(dict::sh::COMMANDS, CommandCode::PROFILE_UPDATE),
            handler: write::pur,
            refuse: refuse_pur,
        },
        Route {
            command: command(dict::sh::COMMANDS, CommandCode::SUBSCRIBE_NOTIFICATIONS),
            handler: write::snr,
            refuse: refuse_snr,
        },
    ],
    store_error,
};

/// TS 29.329 §6.2: an unknown user is 5001; a sequence number out of step 5105; a transient
/// store failure (a full or failing disk) 3004 DIAMETER_TOO_BUSY with the E bit, so that the
/// AS tries another HSS (RFC 6733 §7.1.3; why 3004 and not 3002 or 5012: `s6a::store_error`);
/// anything else the store cannot do DIAMETER_UNABLE_TO_COMPLY.
fn store_error(err: &StoreError) -> Outcome {
    match err {
        StoreError::UnknownSubscriber => Outcome::Experimental(experimental::ERROR_USER_UNKNOWN),
        StoreError::SequenceOutOfSync => {
            Outcome::Experimental(experimental::ERROR_TRANSPARENT_DATA_OUT_OF_SYNC)
        }
        StoreError::Invalid(_) => Outcome::Experimental(experimental::ERROR_TOO_MUCH_DATA),
        e if e.is_transient() => Outcome::Result(ResultCode::TOO_BUSY),
        _ => Outcome::Result(ResultCode::UNABLE_TO_COMPLY),
    }
}

fn refuse_udr(out: &mut BytesMut, msg: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) {
    b::uda(out, msg, origin, outcome, None);
}

fn refuse_pur(out: &mut BytesMut, msg: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) {
    b::pua(out, msg, origin, outcome, None, None);
}

fn refuse_snr(out: &mut BytesMut, msg: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) {
    b::sna(out, msg, origin, outcome, None, None);
}

fn fail(code: ResultCode) -> Failure {
    Failure::Outcome(Outcome::Experimental(code))
}

/// On a shard: the request goes to the slow lane.
fn deferred() -> Handled {
    Handled::Deferred(Deferral { subscriber: SubscriberKey::UNRESOLVED, sqns: 0 })
}

/// The subscription and the public identity (its index) a request is about: by
/// Public-Identity, or by MSISDN (the public identity standing for it). 5001 when none.
fn subject(
    req: &Request<'_>,
    identity: UserIdentity<'_>,
) -> Result<(Arc<CachedIms>, usize), Failure> {
    let store = req.store();
    let unknown = || fail(experimental::ERROR_USER_UNKNOWN);
    let (key, msisdn, impu) = match identity {
        UserIdentity::PublicIdentity(impu) => (store.ims_key_by_impu(impu), None, Some(impu)),
        UserIdentity::Msisdn(tbcd) => {
            let digits = tbcd_digits(tbcd).ok_or_else(unknown)?;
            (store.ims_key_by_msisdn(&digits), Some(digits), None)
        }
        UserIdentity::ExternalIdentifier(_) => return Err(unknown()),
    };
    let entry = key.and_then(|k| store.ims_entry(k)).map_err(|e| req.store_failure(&e))?;
    let sub = entry.subscription();
    let index = match (impu, msisdn) {
        (Some(impu), _) => sub.public_index(impu),
        (None, Some(m)) => {
            sub.public_identities.iter().position(|p| p.msisdn.as_deref() == Some(&m))
        }
        (None, None) => None,
    };
    let index = index.ok_or_else(unknown)?;
    Ok((entry, index))
}

/// The digits of a TBCD-encoded MSISDN (TS 29.329 §6.3.2: low nibble first, 0xF filler).
fn tbcd_digits(tbcd: &[u8]) -> Option<String> {
    let mut digits = String::with_capacity(tbcd.len() * 2);
    for byte in tbcd {
        for nibble in [byte & 0x0f, byte >> 4] {
            match nibble {
                0..=9 => digits.push(char::from(b'0' + nibble)),
                0x0f => {}
                _ => return None,
            }
        }
    }
    (!digits.is_empty() && digits.len() <= 15).then_some(digits)
}

/// The requesting AS's permissions (TS 29.328 §6.2): an AS the permission list does not know,
/// under its Origin-Host or its realm, may do nothing (5101 DIAMETER_ERROR_OPERATION_NOT_ALLOWED);
/// a known AS is refused per Data-Reference by each request (5102, 5103, 5104).
fn permissions(req: &Request<'_>, host: &str, realm: &str) -> Result<AsPermissions, Failure> {
    let found = req.store().as_permissions_of(host, realm).map_err(|e| req.store_failure(&e))?;
    found.ok_or_else(|| fail(experimental::ERROR_OPERATION_NOT_ALLOWED))
}

/// Whether `list` allows `dref`.
fn allowed(list: &[u32], dref: DataReference) -> bool {
    list.contains(&dref.0)
}

/// NTP seconds (RFC 5905 era 0, the Diameter Time format) of `t`.
fn ntp_seconds(t: SystemTime) -> u32 {
    const UNIX_TO_NTP: u64 = 2_208_988_800;
    let unix = t.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
    u32::try_from(unix + UNIX_TO_NTP).unwrap_or(u32::MAX)
}

/// The time an NTP-seconds value stands for.
fn from_ntp(seconds: u32) -> SystemTime {
    const UNIX_TO_NTP: u64 = 2_208_988_800;
    UNIX_EPOCH + Duration::from_secs(u64::from(seconds).saturating_sub(UNIX_TO_NTP))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tbcd_msisdns() {
        assert_eq!(
            tbcd_digits(&[0x94, 0x71, 0x29, 0x20, 0x21, 0x44]).as_deref(),
            Some("491792021244")
        );
        assert_eq!(tbcd_digits(&[0x21, 0xf3]).as_deref(), Some("123"));
        assert_eq!(tbcd_digits(&[0x2a]), None);
        assert_eq!(tbcd_digits(&[]), None);
    }

    #[test]
    fn ntp_round_trip() {
        let t = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        assert_eq!(from_ntp(ntp_seconds(t)), t);
    }
}
