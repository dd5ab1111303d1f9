//! The requests an HSS sends its peers, and how a load-generating peer answers them: DWA to a
//! DWR, DPA to a DPR, a successful CLA to a CLR, 3001 DIAMETER_COMMAND_UNSUPPORTED to anything
//! else (RFC 6733 §7.1.3).

use bytes::BytesMut;
use codec::build::base::{dpa, dwa};
use codec::build::s6a::cla;
use codec::build::{Origin, Outcome, error_answer};
use codec::{CommandCode, Message, MessageError, ResultCode};

/// Writes the answer to the server's request `msg` from `origin`; true when it was a DPR.
pub(crate) fn answer(
    msg: &Message<'_>,
    origin: &Origin<'_>,
    origin_state_id: u32,
    out: &mut BytesMut,
) -> bool {
    match msg.header.code {
        CommandCode::DEVICE_WATCHDOG => {
            dwa(out, msg, origin, Some(origin_state_id));
        }
        CommandCode::DISCONNECT_PEER => {
            dpa(out, msg, origin);
            return true;
        }
        CommandCode::CANCEL_LOCATION => {
            cla(out, msg, origin, Outcome::Success);
        }
        _ => {
            let err = MessageError {
                result_code: ResultCode::COMMAND_UNSUPPORTED,
                failed_avp: None,
                reason: "hss-loadtest does not serve this command",
            };
            error_answer(out, msg, origin, &err);
        }
    }
    false
}
