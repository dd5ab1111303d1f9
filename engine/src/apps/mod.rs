//! The application handlers: plain functions from a validated request to an encoded answer.
//!
//! The peer layer ([`crate::peer`]) hands over only requests that passed dictionary
//! validation for an application negotiated with the peer. [`handle_request`] dispatches by
//! (Application-Id, Command-Code), appends exactly one answer to `out`, and records any
//! HSS-initiated follow-up (Cancel-Location to a previous MME) in `actions` for the engine to
//! send through the peer registry. No I/O, no waiting on another shard.

pub mod s6a;

use std::sync::Arc;

use bytes::BytesMut;
use codec::build::{Origin, result_answer};
use codec::{ApplicationId, Message, ResultCode};
use store::auc::PlmnId;
use store::{RandSource, Store};

/// What every handler needs: the store and this node's identity and policy.
#[derive(Debug, Clone)]
pub struct AppContext {
    pub store: Arc<Store>,
    pub origin_host: String,
    pub origin_realm: String,
    /// The home network: a Visited-PLMN-Id other than this is roaming.
    pub home_plmn: PlmnId,
    /// Most vectors one AIR returns, whatever Number-Of-Requested-Vectors says.
    pub max_vectors: usize,
    /// Benchmark instrument (`bench_echo`): AIR gets a canned AIA without store or AuC.
    pub bench_echo: bool,
    /// An AIR whose subscriber is not cached with SQNs left is not answered but deferred
    /// ([`Action::Defer`]) for the engine's slow lane, which serves it with `false` here.
    pub defer_cold: bool,
}

impl AppContext {
    /// This node as Origin-Host/Origin-Realm.
    pub fn origin(&self) -> Origin<'_> {
        Origin { host: &self.origin_host, realm: &self.origin_realm }
    }
}

/// The applications the engine implements, advertised in CEA: nothing else is.
pub const IMPLEMENTED: &[ApplicationId] = &[ApplicationId::S6A];

/// A request the HSS must send as a consequence of handling one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Cancel-Location (Cancellation-Type MME_UPDATE_PROCEDURE) to the MME that served `imsi`
    /// before a ULR from another MME (TS 29.272 §5.2.1.1.3).
    CancelLocation { imsi: String, host: String, realm: String },
    /// Nothing was written: the request needs the store's cold path (a RocksDB read or an
    /// SQN reservation, a synced write). Serve it again off the shard with `defer_cold` off.
    Defer,
}

/// Handles one validated application request; appends exactly one answer to `out`, unless it
/// pushes [`Action::Defer`] (only with [`AppContext::defer_cold`]).
pub fn handle_request(
    ctx: &AppContext,
    msg: &Message<'_>,
    rand: &mut dyn RandSource,
    out: &mut BytesMut,
    actions: &mut Vec<Action>,
) {
    match msg.header.application {
        ApplicationId::S6A => s6a::handle(ctx, msg, rand, out, actions),
        // The peer layer refuses applications not negotiated, and only IMPLEMENTED ones are.
        _ => {
            result_answer(out, msg, &ctx.origin(), ResultCode::APPLICATION_UNSUPPORTED);
        }
    }
}
