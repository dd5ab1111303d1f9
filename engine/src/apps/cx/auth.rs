//! Multimedia-Auth-Request (TS 29.228 §6.3, TS 29.229 §6.1.7): authentication data for the
//! S-CSCF, IMS AKA from the USIM of the linked EPS subscriber (one SQN space with S6a) or SIP
//! Digest from the stored H(A1).
//!
//! Like AIR: on a warm subscriber one cache lookup, SQNs from the block in memory, MILENAGE
//! with the cached key schedule, the answer encoded straight into the connection's buffer;
//! a cold one is deferred to the slow lane with the SQNs it needs.

use std::cell::RefCell;

use codec::build::Outcome;
use codec::build::cx::{self as b, CxAuthItems, ImsAuthItem, MaaBody, SipDigest};
use codec::code::experimental;
use codec::view::cx::{AuthScheme as Wire, MarView};
use store::auc::ImsAkaVector;
use store::{AuthScheme, MAX_VECTORS_PER_REQUEST, StoreError};

use super::{Lookup, Pair, fail, subscription_of_pair};
use crate::apps::{Deferral, Failure, Handled, Request};

/// The Digest quality of protection and algorithm the HSS offers (RFC 2617).
const DIGEST_QOP: &str = "auth";
const DIGEST_ALGORITHM: &str = "MD5";

/// Multimedia-Auth-Request: the scheme asked for must be one the IMPI allows ("Unknown" lets
/// the HSS choose the IMPI's first), else 5006. An AKA request with SIP-Authorization
/// (RAND ‖ AUTS) re-synchronises first. The S-CSCF is recorded as pending until its SAR.
pub(super) fn mar(req: &mut Request<'_>) -> Result<Handled, Failure> {
    let view = MarView::parse(req.msg)?;
    let Pair { entry, impi, .. } =
        match subscription_of_pair(req, view.user_name, view.public_identity)? {
            Lookup::Found(found) => found,
            Lookup::Defer(deferred) => return Ok(deferred),
        };
    let sub = entry.subscription();
    let private = &sub.private_identities[impi];
    let scheme = match view.auth_data.scheme {
        Wire::DigestAkaV1Md5 => AuthScheme::DigestAkaV1Md5,
        Wire::SipDigest => AuthScheme::SipDigest,
        Wire::Unknown => private.schemes[0],
        _ => return Err(fail(experimental::ERROR_AUTH_SCHEME_NOT_SUPPORTED)),
    };
    if !private.schemes.contains(&scheme) {
        return Err(fail(experimental::ERROR_AUTH_SCHEME_NOT_SUPPORTED));
    }
    let store = &*req.node.store;
    let origin = req.node.origin();
    let (user_name, public_identity) = (view.user_name, view.public_identity);
    match scheme {
        AuthScheme::SipDigest => {
            // Validation guarantees H(A1) for an IMPI allowed SIP Digest.
            let Some(ha1) = private.digest_ha1.as_deref() else {
                return Err(Failure::Outcome(Outcome::Result(codec::ResultCode::UNABLE_TO_COMPLY)));
            };
            let digest = SipDigest {
                realm: private.realm(),
                algorithm: Some(DIGEST_ALGORITHM),
                qop: DIGEST_QOP,
                ha1,
            };
            record_pending(req, &entry, view.server_name)?;
            let body = MaaBody { user_name, public_identity, items: CxAuthItems::Digest(digest) };
            b::maa(req.out, req.msg, &origin, Outcome::Success, Some(&body));
            Ok(Handled::Answered)
        }
        AuthScheme::DigestAkaV1Md5 => {
            let Some(subscriber) = entry.linked_key() else {
                return Err(fail(experimental::ERROR_AUTH_SCHEME_NOT_SUPPORTED));
            };
            let max = req.node.apps.cx.max_auth_items.min(MAX_VECTORS_PER_REQUEST);
            // A MAR asking for 0 items still gets one.
            let n = (view.sip_number_auth_items as usize).clamp(1, max);
            // A resync may write (a synced write when the mark moves): never on a shard.
            let resync = view.auth_data.resync.is_some();
            if req.may_defer()
                && (resync || !store.sqn_ready(subscriber, n))
                && !store.known_absent(subscriber)
            {
                // n <= 32.
                return Ok(Handled::Deferred(Deferral { subscriber, sqns: n as u32 }));
            }
            if let Some(resync) = view.auth_data.resync {
                match store.resync(subscriber, &resync.rand, &resync.auts) {
                    Ok(()) | Err(StoreError::Resync(_)) => {}
                    Err(e) => return Err(req.store_failure(&e)),
                }
            }
            record_pending(req, &entry, view.server_name)?;
            VECTORS.with_borrow_mut(|v| {
                v.clear();
                let result = match store.ims_aka_vectors(subscriber, n, &mut *req.rand, v) {
                    Err(e) => Err(req.store_failure(&e)),
                    Ok(()) => {
                        store.note_activity(subscriber, store::Activity::CxMar, req.now);
                        // RAND and AUTN split out of SIP-Authenticate, on the stack; only as
                        // many entries as there are vectors are filled (one, most often).
                        let mut halves = [([0u8; 16], [0u8; 16]); MAX_VECTORS_PER_REQUEST];
                        for (h, x) in halves.iter_mut().zip(v.iter()) {
                            *h = (x.rand(), x.autn());
                        }
                        let mut items = [NO_ITEM; MAX_VECTORS_PER_REQUEST];
                        for ((item, x), (rand, autn)) in items.iter_mut().zip(v.iter()).zip(&halves)
                        {
                            *item = ImsAuthItem {
                                rand,
                                autn,
                                xres: &x.sip_authorization,
                                ck: &x.ck,
                                ik: &x.ik,
                            };
                        }
                        let items = &items[..v.len()];
                        let body =
                            MaaBody { user_name, public_identity, items: CxAuthItems::Aka(items) };
                        b::maa(req.out, req.msg, &origin, Outcome::Success, Some(&body));
                        Ok(Handled::Answered)
                    }
                };
                // Once encoded, the vectors (key material) have no reason to stay readable.
                v.clear();
                result
            })
        }
    }
}

/// Records the S-CSCF that asked as pending (TS 29.228 §6.3: the HSS keeps it until the
/// SAR), unless it is already the assigned one.
fn record_pending(
    req: &Request<'_>,
    entry: &store::CachedIms,
    server_name: &str,
) -> Result<(), Failure> {
    let known = |r: &store::ImsRegistration| {
        r.server_name.as_deref() == Some(server_name)
            || r.pending_server_name.as_deref() == Some(server_name)
    };
    // The usual case (a repeated MAR from the same S-CSCF) reads without copying.
    if entry.with_registration(known) {
        return Ok(());
    }
    req.store()
        .update_ims_registration(entry, |r| {
            if !known(r) {
                r.pending_server_name = Some(server_name.to_owned());
            }
        })
        .map_err(|e| req.store_failure(&e))
}

/// Filler for the unused tail of the item array, never encoded.
const NO_KEY: [u8; 16] = [0; 16];
const NO_ITEM: ImsAuthItem<'static> =
    ImsAuthItem { rand: &NO_KEY, autn: &NO_KEY, xres: &[], ck: &NO_KEY, ik: &NO_KEY };

thread_local! {
    /// The vectors of the MAR being answered (one per thread, as AIR's).
    static VECTORS: RefCell<Vec<ImsAkaVector>> = const { RefCell::new(Vec::new()) };
}
