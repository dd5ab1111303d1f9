//! Authentication-Information-Request (TS 29.272 §5.2.3.1).
//!
//! Hot path: one view, one cache lookup, vectors into this thread's scratch buffers, the
//! answer encoded straight into the connection's buffer; no heap allocation once the buffers
//! have grown (`cargo bench -p benches --bench alloc` counts them). No locks beyond the
//! cache's, no logging at info level, no waiting on another shard.

use std::cell::RefCell;

use codec::build::Outcome;
use codec::build::s6a::{
    self as b, AiaBody, AuthenticationInfo, EutranVectorData, UtranVectorData,
};
use codec::view::s6a::{AirView, RequestedAuthInfo};
use store::auc::{EutranVector, PlmnId, UtranVector};
use store::{MAX_VECTORS_PER_REQUEST, StoreError};

use super::{invalid_avp, parse_imsi, subscriber_for};
use crate::apps::{Deferral, Failure, Handled, Request};

/// Authentication-Information-Request: E-UTRAN vectors and UTRAN quintuplets, after a resync
/// when the request carries Re-Synchronization-Info.
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
    // Not cached with these SQNs left: the cold path (a read, a synced reservation) runs
    // elsewhere. An IMSI known to be unprovisioned is answered here (5001) without I/O.
    let node = req.node;
    let store = &*node.store;
    let subscriber = imsi.key();
    if req.may_defer()
        && !store.sqn_ready(subscriber, n_eutran + n_utran)
        && !store.known_absent(subscriber)
    {
        // n_eutran + n_utran <= 2 * 32.
        let sqns = (n_eutran + n_utran) as u32;
        return Ok(Handled::Deferred(Deferral { subscriber, sqns }));
    }
    subscriber_for(req, imsi, &view.visited_plmn_id)?;
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
        let generated = store
            .eutran_vectors(subscriber, n_eutran, &serving, rand, &mut v.eutran)
            .and_then(|()| store.utran_vectors(subscriber, n_utran, rand, &mut v.utran));
        let result = match generated {
            Err(e) => Err(req.store_failure(&e)),
            Ok(()) => {
                let (eutran, utran) = (eutran_data(&v.eutran), utran_data(&v.utran));
                let vectors = AuthenticationInfo {
                    eutran: &eutran[..v.eutran.len()],
                    utran: &utran[..v.utran.len()],
                    geran: &[],
                };
                let body = AiaBody { vectors, ..AiaBody::default() };
                b::aia(req.out, req.msg, &node.origin(), Outcome::Success, &body);
                Ok(Handled::Answered)
            }
        };
        // Once encoded, the vectors (key material) have no reason to stay readable here.
        v.clear();
        result
    })
}

/// The vectors of the AIR being answered, as the store appends them. A thread answers one
/// request at a time, so one pair of buffers per thread (per shard) serves every AIR, without
/// an allocation once they have grown to the largest request.
struct Vectors {
    eutran: Vec<EutranVector>,
    utran: Vec<UtranVector>,
}

impl Vectors {
    const fn new() -> Self {
        Self { eutran: Vec::new(), utran: Vec::new() }
    }

    fn clear(&mut self) {
        self.eutran.clear();
        self.utran.clear();
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
