//! The benchmark instrument (`bench_echo`, never for service): AIR answered with a canned
//! one-vector AIA, so that a load test measures the engine's own ceiling (same framing, peer
//! checks, view parse, encoder and I/O) against which real AIRs are compared. Installed at
//! start-up as a route substitution; no handler knows about it.

use codec::build::Outcome;
use codec::build::s6a::{self as b, AiaBody, AuthenticationInfo, EutranVectorData};
use codec::view::s6a::AirView;
use codec::{ApplicationId, CommandCode};

use super::{Failure, Handled, Request, Table};

/// Replaces the S6a AIR handler of `table` by [`canned_air`].
pub(super) fn install(table: &mut Table) {
    // A table without S6a has no AIR to replace.
    let _ =
        table.substitute(ApplicationId::S6A, CommandCode::AUTHENTICATION_INFORMATION, canned_air);
}

/// One fixed E-UTRAN vector, encoded by the same builder into the same buffer as a real
/// answer, after the same view parse; no store lookup, no SQN, no MILENAGE or KASME. The
/// vector is a constant: never for service.
fn canned_air(req: &mut Request<'_>) -> Result<Handled, Failure> {
    const RAND: [u8; 16] = [0x23; 16];
    const XRES: [u8; 8] = [0xa5; 8];
    const AUTN: [u8; 16] = [0x55; 16];
    const KASME: [u8; 32] = [0x5a; 32];
    AirView::parse(req.msg)?;
    let vector = [EutranVectorData { rand: &RAND, xres: &XRES, autn: &AUTN, kasme: &KASME }];
    let body = AiaBody {
        vectors: AuthenticationInfo { eutran: &vector, utran: &[], geran: &[] },
        ..AiaBody::default()
    };
    b::aia(req.out, req.msg, &req.node.origin(), Outcome::Success, &body);
    Ok(Handled::Answered)
}
