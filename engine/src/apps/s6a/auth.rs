//! Authentication-Information-Request (TS 29.272 §5.2.3.1).
//!
//! Hot path: one view, one cache lookup, vectors into this thread's scratch buffers, the
//! answer encoded straight into the connection's buffer; no heap allocation once the buffers
//! have grown (`cargo bench -p benches --bench alloc` counts them). No locks beyond the
//! cache's, no logging at info level, no waiting on another shard.

use std::cell::RefCell;

use codec::build::Outcome;
use codec::build::s6a::{
    self as b, AiaBody, AuthenticationInfo, EutranVectorData, GeranVectorData, UtranVectorData,
};
use codec::view::s6a::{AirView, RatType, RequestedAuthInfo};
use store::auc::{EutranVector, GeranTriplet, PlmnId, UtranVector};
use store::{MAX_VECTORS_PER_REQUEST, NodeKind, StoreError, SubscriberKey};

use super::{admission, invalid_avp, parse_imsi, subscriber_entry};
use crate::apps::{Deferral, Failure, Handled, Request};

/// Authentication-Information-Request: E-UTRAN vectors and UTRAN quintuplets (GERAN triplets
/// when the asking node registered the subscriber on GERAN), after a resync when the request
/// carries Re-Synchronization-Info. A disabled subscriber, or one barred from roaming where it
/// is, is refused ([`admission::refusal`]).
pub(super) fn air(req: &mut Request<'_>) -> Result<Handled, Failure> {
    let view = AirView::parse(req.msg)?;
    let imsi = parse_imsi(req.msg, view.imsi)?;
    // The store returns at most MAX_VECTORS_PER_REQUEST of each kind whatever it is asked;
    // asking for no more keeps the counts within the stack arrays below.
    let max = req.node.apps.s6a.max_vectors.min(MAX_VECTORS_PER_REQUEST);
    let wanted = |r: Option<RequestedAuthInfo<'_>>| {
        r.map_or(0, |r| r.number_of_requested_vectors.unwrap_or(1) as usize).min(max)
    };
    let (n_eutran, n_utran) = (wanted(view.eutran), wanted(view.utran_geran));
    // Not cached with these SQNs left, or a resync: the cold path (a read, a synced write) runs
    // elsewhere. An IMSI known to be unprovisioned is answered here (5001) without I/O.
    let node = req.node;
    let store = &*node.store;
    let subscriber = imsi.key();
    // A resync may write (one synced write when the mark moves): never on a shard.
    let resync =
        [view.eutran, view.utran_geran].into_iter().flatten().any(|i| i.rand_auts().is_some());
    if req.may_defer()
        && (resync || !store.sqn_ready(subscriber, n_eutran + n_utran))
        && !store.known_absent(subscriber)
    {
        // n_eutran + n_utran <= 2 * 32.
        let sqns = (n_eutran + n_utran) as u32;
        return Ok(Handled::Deferred(Deferral { subscriber, sqns }));
    }
    let entry = subscriber_entry(req, imsi)?;
    let home = node.home_plmn.as_bytes();
    if let Some(r) = admission::refusal(store, home, entry.subscriber(), &view.visited_plmn_id) {
        let body = AiaBody { error_diagnostic: r.diagnostic, ..AiaBody::default() };
        b::aia(req.out, req.msg, &node.origin(), Outcome::Experimental(r.code), &body);
        return Ok(Handled::Answered);
    }
    // Triplets instead of quintuplets for a node that serves the subscriber on GERAN (AIR
    // carries no RAT: its last Update-Location said). Read only for UTRAN/GERAN requests.
    let geran = n_utran > 0 && on_geran(req, subscriber, view.routing.origin_host)?;
    let serving = PlmnId::from_bytes(view.visited_plmn_id).map_err(|_| {
        invalid_avp(
            req.msg,
            &codec::dict::s6a::VISITED_PLMN_ID,
            "Visited-PLMN-Id is not a valid MCC/MNC",
        )
    })?;

    // TS 33.102 §6.3.5: with a valid AUTS the HSS resets SQN from SQN_MS; in every case it
    // then sends fresh vectors. A MAC-S that does not verify leaves SQN as it was.
    for info in [view.eutran, view.utran_geran].into_iter().flatten() {
        if let Some((rand_ms, auts)) = info.rand_auts() {
            match store.resync(subscriber, rand_ms, auts) {
                Ok(()) | Err(StoreError::Resync(_)) => {}
                Err(e) => return Err(req.store_failure(&e)),
            }
        }
    }

    VECTORS.with_borrow_mut(|v| {
        v.clear();
        let rand = &mut *req.rand;
        let (n_utran, n_geran) = if geran { (0, n_utran) } else { (n_utran, 0) };
        let generated = store
            .eutran_vectors(subscriber, n_eutran, &serving, rand, &mut v.eutran)
            .and_then(|()| store.utran_vectors(subscriber, n_utran, rand, &mut v.utran))
            .and_then(|()| store.geran_triplets(subscriber, n_geran, rand, &mut v.geran));
        let result = match generated {
            Err(e) => Err(req.store_failure(&e)),
            Ok(()) => {
                let (eutran, utran) = (eutran_data(&v.eutran), utran_data(&v.utran));
                let geran: Vec<GeranVectorData<'_>> = (v.geran.iter())
                    .map(|t| GeranVectorData { rand: &t.rand, sres: &t.sres, kc: &t.kc })
                    .collect();
                let vectors = AuthenticationInfo {
                    eutran: &eutran[..v.eutran.len()],
                    utran: &utran[..v.utran.len()],
                    geran: &geran,
                };
                let body = AiaBody { vectors, ..AiaBody::default() };
                b::aia(req.out, req.msg, &node.origin(), Outcome::Success, &body);
                entry.note(store::Activity::Air, req.now, Some(&view.visited_plmn_id[..]));
                Ok(Handled::Answered)
            }
        };
        // Once encoded, the vectors (key material) have no reason to stay readable here.
        v.clear();
        result
    })
}

/// Whether `host` registered the subscriber on GERAN (its last ULR's RAT-Type).
fn on_geran(req: &Request<'_>, subscriber: SubscriberKey, host: &str) -> Result<bool, Failure> {
    let node = req.store().serving_node(subscriber, NodeKind::Mme);
    let node = node.map_err(|e| req.store_failure(&e))?;
    Ok(node
        .is_some_and(|n| n.rat_type == Some(RatType::GERAN.0) && n.host.eq_ignore_ascii_case(host)))
}

/// The vectors of the AIR being answered, as the store appends them. A thread answers one
/// request at a time, so one pair of buffers per thread (per shard) serves every AIR, without
/// an allocation once they have grown to the largest request.
struct Vectors {
    eutran: Vec<EutranVector>,
    utran: Vec<UtranVector>,
    geran: Vec<GeranTriplet>,
}

impl Vectors {
    const fn new() -> Self {
        Self { eutran: Vec::new(), utran: Vec::new(), geran: Vec::new() }
    }

    fn clear(&mut self) {
        self.eutran.clear();
        self.utran.clear();
        self.geran.clear();
    }
}

thread_local! {
    static VECTORS: RefCell<Vectors> = const { RefCell::new(Vectors::new()) };
}

/// Filler for the unused tail of the arrays below, never encoded.
const NO_KEY: [u8; 32] = [0; 32];
const NO_EUTRAN: EutranVectorData<'static> =
    EutranVectorData { rand: &[0; 16], xres: &[], autn: &[0; 16], kasme: &NO_KEY };
const NO_UTRAN: UtranVectorData<'static> =
    UtranVectorData { rand: &[0; 16], xres: &[], autn: &[0; 16], ck: &[0; 16], ik: &[0; 16] };

/// The codec's borrowed form of up to [`MAX_VECTORS_PER_REQUEST`] E-UTRAN vectors, on the
/// stack; the first `vectors.len()` entries are the vectors.
fn eutran_data(vectors: &[EutranVector]) -> [EutranVectorData<'_>; MAX_VECTORS_PER_REQUEST] {
    std::array::from_fn(|i| {
        vectors.get(i).map_or(NO_EUTRAN, |v| EutranVectorData {
            rand: &v.rand,
            xres: &v.xres,
            autn: &v.autn,
            kasme: &v.kasme,
        })
    })
}

/// [`eutran_data`] for UTRAN quintuplets.
fn utran_data(vectors: &[UtranVector]) -> [UtranVectorData<'_>; MAX_VECTORS_PER_REQUEST] {
    std::array::from_fn(|i| {
        vectors.get(i).map_or(NO_UTRAN, |v| UtranVectorData {
            rand: &v.rand,
            xres: &v.xres,
            autn: &v.autn,
            ck: &v.ck,
            ik: &v.ik,
        })
    })
}
