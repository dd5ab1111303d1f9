//! Multimedia-Auth-Request on SWx (TS 29.273 §8.1.2.1): authentication vectors for the 3GPP
//! AAA server. EAP-AKA' (RFC 5448): RAND, AUTN, XRES and CK', IK' bound to the request's
//! Access Network Identity (TS 33.402 Annex A.2); EAP-AKA (RFC 4187): CK and IK as they are.
//! The SQNs come from the subscriber's one SQN space, shared with S6a and Cx.
//!
//! In order: the scheme must be EAP-AKA' (with an ANID: else 5005 DIAMETER_MISSING_AVP naming
//! it) or EAP-AKA (else 5006); the user must exist (5001) and may use non-3GPP access (5450).
//! When another 3GPP AAA server is registered for the user, the HSS names it
//! (3GPP-AAA-Server-Name, Result-Code DIAMETER_REDIRECT_INDICATION) and sends no vectors,
//! unless the request says that server has failed (AAA-Failure-Indication): then the asking
//! server takes its place. A request with SIP-Authorization (RAND ‖ AUTS) re-synchronises
//! first. Like AIR: on a warm subscriber one cache lookup, SQNs from the block in memory, the
//! answer encoded straight into the connection's buffer; a cold one is deferred with the SQNs
//! it needs.

use std::cell::RefCell;

use codec::ResultCode;
use codec::build::Outcome;
use codec::build::swx::{self as b, EapAkaItem, SwxMaaBody};
use codec::code::experimental;
use codec::dict::swx as d;
use codec::view::cx::AuthScheme;
use codec::view::swx::{AAA_FAILURE, SwxMarView};
use codec::{Message, MessageError};
use store::auc::{EapAkaPrimeVector, UtranVector};
use store::{MAX_VECTORS_PER_REQUEST, NodeKind, ServingNodeRef, StoreError, SubscriberKey};

use super::{check_access, fail, imsi_of};
use crate::apps::{Deferral, Failure, Handled, Request};

/// Multimedia-Auth-Request on SWx.
pub(super) fn mar(req: &mut Request<'_>) -> Result<Handled, Failure> {
    let view = SwxMarView::parse(req.msg)?;
    let prime = match view.auth_data.scheme {
        AuthScheme::EapAkaPrime => true,
        AuthScheme::EapAka => false,
        _ => return Err(fail(experimental::ERROR_AUTH_SCHEME_NOT_SUPPORTED)),
    };
    // TS 29.273 Table 8.1.2.1.1/1: the ANID is present when the scheme is EAP-AKA'.
    let anid = match (prime, view.anid) {
        (true, None) => return Err(missing_anid().into()),
        (true, Some(a)) => a.as_bytes(),
        (false, _) => &[],
    };
    let imsi = imsi_of(view.user_name).ok_or(fail(experimental::ERROR_USER_UNKNOWN))?;
    let subscriber = imsi.key();
    let store = &*req.node.store;
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
    let entry = store.subscriber_entry(subscriber).map_err(|e| req.store_failure(&e))?;
    check_access(&entry)?;
    let scheme = if prime { AuthScheme::EapAkaPrime } else { AuthScheme::EapAka };
    let user_name = view.user_name;
    let node = req.node;
    let origin = node.origin();

    // The 3GPP AAA server already serving the user, if it is another one.
    let failed = view.aaa_failure_indication & AAA_FAILURE != 0;
    let host = view.routing.origin_host;
    let other = store
        .aaa_server(subscriber)
        .map_err(|e| req.store_failure(&e))?
        .filter(|registered| !registered.eq_ignore_ascii_case(host));
    if let Some(registered) = other {
        if !failed {
            let body =
                SwxMaaBody { user_name, scheme, items: &[], aaa_server_name: Some(&registered) };
            let redirect = Outcome::Result(ResultCode::REDIRECT_INDICATION);
            b::maa(req.out, req.msg, &origin, redirect, &body);
            return Ok(Handled::Answered);
        }
        // The registered server is unavailable: the asking one takes over (its SAR will find
        // itself registered).
        let aaa = ServingNodeRef {
            host,
            realm: view.routing.origin_realm,
            updated_at: req.now,
            rat_type: view.rat_type.map(|r| r.0),
        };
        let taken = store.update_serving_node(subscriber, NodeKind::Aaa, aaa);
        taken.map_err(|e| req.store_failure(&e))?;
    }

    // TS 33.102 §6.3.5: with a valid AUTS the SQN restarts above SQN_MS; vectors follow
    // either way (a MAC-S that does not verify leaves the SQN as it was).
    if let Some(resync) = view.auth_data.resync {
        match store.resync(subscriber, &resync.rand, &resync.auts) {
            Ok(()) | Err(StoreError::Resync(_)) => {}
            Err(e) => return Err(req.store_failure(&e)),
        }
    }
    let answer = |items: &[EapAkaItem<'_>], out: &mut bytes::BytesMut, msg: &Message<'_>| {
        let body = SwxMaaBody { user_name, scheme, items, aaa_server_name: None };
        b::maa(out, msg, &origin, Outcome::Success, &body);
    };
    VECTORS.with_borrow_mut(|v| {
        v.clear();
        let result = generate(req, subscriber, n, prime.then_some(anid), v).map(|()| {
            req.node.store.note_activity(subscriber, store::Activity::SwxMar, req.now);
            let mut items = [NO_ITEM; MAX_VECTORS_PER_REQUEST];
            let count = v.fill(&mut items);
            answer(&items[..count], req.out, req.msg);
            Handled::Answered
        });
        // Once encoded, the vectors (key material) have no reason to stay readable.
        v.clear();
        result
    })
}

/// The 5005 of an EAP-AKA' request without ANID, naming the AVP (RFC 6733 §7.5).
fn missing_anid() -> MessageError {
    MessageError::missing(d::ANID.code, d::ANID.vendor, d::ANID.ty.min_len())
}

/// Appends `n` vectors of `subscriber` to `v`: EAP-AKA' bound to `anid`, or EAP-AKA.
fn generate(
    req: &mut Request<'_>,
    subscriber: SubscriberKey,
    n: usize,
    anid: Option<&[u8]>,
    v: &mut Vectors,
) -> Result<(), Failure> {
    let store = &*req.node.store;
    let rand = &mut *req.rand;
    let made = match anid {
        Some(anid) => store.eap_aka_prime_vectors(subscriber, n, anid, rand, &mut v.prime),
        None => store.utran_vectors(subscriber, n, rand, &mut v.plain),
    };
    made.map_err(|e| match e {
        // An ANID the KDF cannot take (over 65535 octets: no ANID is) is the request's fault.
        StoreError::Invalid(_) => unusable_anid(req.msg),
        e => req.store_failure(&e),
    })
}

/// The 5004 of an ANID the key derivation refuses (an empty one: TS 24.302 names none so).
fn unusable_anid(msg: &Message<'_>) -> Failure {
    match msg.find(d::ANID.code, d::ANID.vendor) {
        Ok(Some(avp)) => codec::view::invalid_value(&avp, "ANID unusable as access network name"),
        Ok(None) => missing_anid(),
        Err(e) => e,
    }
    .into()
}

/// The vectors of the MAR being answered: one kind or the other is used.
struct Vectors {
    prime: Vec<EapAkaPrimeVector>,
    plain: Vec<UtranVector>,
}

impl Vectors {
    const fn new() -> Self {
        Self { prime: Vec::new(), plain: Vec::new() }
    }

    fn clear(&mut self) {
        self.prime.clear();
        self.plain.clear();
    }

    /// The items of the vectors there are, in `items`; returns their number.
    fn fill<'v>(&'v self, items: &mut [EapAkaItem<'v>; MAX_VECTORS_PER_REQUEST]) -> usize {
        let prime = self.prime.iter().map(|x| EapAkaItem {
            rand: &x.rand,
            autn: &x.autn,
            xres: &x.xres,
            ck: &x.ck_prime,
            ik: &x.ik_prime,
        });
        let plain = self.plain.iter().map(|x| EapAkaItem {
            rand: &x.rand,
            autn: &x.autn,
            xres: &x.xres,
            ck: &x.ck,
            ik: &x.ik,
        });
        let mut count = 0;
        for (slot, item) in items.iter_mut().zip(prime.chain(plain)) {
            *slot = item;
            count += 1;
        }
        count
    }
}

thread_local! {
    /// The vectors of the MAR being answered (one per thread, as AIR's).
    static VECTORS: RefCell<Vectors> = const { RefCell::new(Vectors::new()) };
}

/// Filler for the unused tail of the item array, never encoded.
const NO_KEY: [u8; 16] = [0; 16];
const NO_ITEM: EapAkaItem<'static> =
    EapAkaItem { rand: &NO_KEY, autn: &NO_KEY, xres: &[], ck: &NO_KEY, ik: &NO_KEY };
