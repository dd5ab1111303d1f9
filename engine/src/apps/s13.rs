//! S13/S13' (TS 29.272 §6, application 16777252): the EIR. An ME-Identity-Check is answered on
//! the shard from the store's in-memory rule index (no disk): the equipment status of the
//! most specific matching rule, or the configured default, or, with no default, Experimental
//! DIAMETER_ERROR_EQUIPMENT_UNKNOWN (5422).

use bytes::BytesMut;
use codec::build::s13 as b;
use codec::build::{Origin, Outcome};
use codec::code::experimental;
use codec::dict;
use codec::view::s13::{EcrView, EquipmentStatus as Wire};
use codec::{ApplicationId, CommandCode, Message, ResultCode, VendorId};
use store::{EirCheck, Imsi, SeenEquipment, StoreError};

use super::{Application, Failure, Handled, Request, Route, command};

/// The S13 application.
pub static S13: Application = Application {
    id: ApplicationId::S13,
    vendor: VendorId::TGPP,
    name: "S13/S13'",
    routes: &[Route {
        command: command(dict::s13::COMMANDS, CommandCode::ME_IDENTITY_CHECK),
        handler: ecr,
        refuse: refuse_ecr,
    }],
    store_error,
};

/// An ECR is answered from memory and its history written off the request path, so a store
/// error is rare here; a transient one (a full or failing disk) is 3004 DIAMETER_TOO_BUSY with
/// the E bit, so that the MME tries another EIR (RFC 6733 §7.1.3; why 3004 and not 3002 or
/// 5012: `s6a::store_error`), anything else DIAMETER_UNABLE_TO_COMPLY.
fn store_error(err: &StoreError) -> Outcome {
    if err.is_transient() {
        Outcome::Result(ResultCode::TOO_BUSY)
    } else {
        Outcome::Result(ResultCode::UNABLE_TO_COMPLY)
    }
}

fn refuse_ecr(out: &mut BytesMut, msg: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) {
    b::eca(out, msg, origin, outcome, None);
}

/// ME-Identity-Check-Request: the IMEI of Terminal-Information (its TAC and SNR; the check
/// digit or software version is ignored) and the IMSI of User-Name, if any, against the rules.
/// Terminal-Information without an IMEI (a 3GPP2 MEID only) is unknown equipment.
fn ecr(req: &mut Request<'_>) -> Result<Handled, Failure> {
    let view = EcrView::parse(req.msg)?;
    let unknown = || Failure::Outcome(Outcome::Experimental(experimental::ERROR_EQUIPMENT_UNKNOWN));
    let imei = view.imei().ok_or_else(unknown)?;
    let store = req.store();
    let verdict = store.eir_check(imei, view.imsi);
    // The history and the equipment last seen are queued for the store's writer: the answer
    // does not wait on them.
    let check = EirCheck {
        seq: 0,
        time_ms: 0,
        imei: imei.to_owned(),
        imsi: view.imsi.map(str::to_owned),
        status: verdict.status,
        rule: verdict.rule,
        peer: view.routing.origin_host.to_owned(),
    };
    store.record_eir_check(check, req.now);
    if let Some(imsi) = view.imsi.and_then(|i| Imsi::parse(i).ok()) {
        let seen = SeenEquipment {
            imei: imei.to_owned(),
            software_version: view.terminal_information.software_version.map(str::to_owned),
            time_ms: store::millis(req.now),
            source: "ecr".into(),
        };
        store.record_equipment(imsi.key(), seen);
    }
    let status = verdict.status.ok_or_else(unknown)?;
    let wire = Wire(status.code());
    b::eca(req.out, req.msg, &req.node.origin(), Outcome::Success, Some(wire));
    Ok(Handled::Answered)
}
