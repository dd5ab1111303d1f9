//! A test-only application (feature `test-app`), to show what adding an application takes:
//! this module and one line in a table. It serves one made-up command, Test-Echo (code
//! 16,777,214, which RFC 6733 §11.2.1 sets aside for experimental use), in a made-up
//! application advertised as a plain Auth-Application-Id. A Test-Echo request names a
//! subscriber by IMSI in User-Name; the answer echoes it after looking the subscriber up, so
//! the store-error mapping is exercised too. User-Name `panic` makes it panic ([`PANIC_USER`]),
//! the fault hook of the panic-containment test. Never in [`super::APPS`]: a test serves it from
//! its own table (`EngineSettings::applications`).

use codec::build::{Origin, Outcome, finish_answer, start_answer};
use codec::dict::base::{
    AUTH_SESSION_STATE, DESTINATION_HOST, DESTINATION_REALM, ORIGIN_HOST, ORIGIN_REALM, SESSION_ID,
    USER_NAME,
};
use codec::dict::{CommandDef, Rule};
use codec::{ApplicationId, CommandCode, Message, ResultCode, VendorId};
use store::{Imsi, StoreError};

use super::{Application, Failure, Handled, Request, Route};

/// The made-up application's id.
pub const TEST_APPLICATION: ApplicationId = ApplicationId(16_777_999);

/// The made-up command's code (experimental use, RFC 6733 §11.2.1).
pub const TEST_ECHO: CommandCode = CommandCode(16_777_214);

/// Test-Echo's dictionary entry, which requests are checked against like any other.
pub static TEST_ECHO_COMMAND: CommandDef = CommandDef {
    code: TEST_ECHO,
    application: TEST_APPLICATION,
    name: "Test-Echo",
    request: "TER",
    answer: "TEA",
    proxiable: false,
    request_rules: &[
        Rule::required(&SESSION_ID),
        Rule::required(&AUTH_SESSION_STATE),
        Rule::required(&ORIGIN_HOST),
        Rule::required(&ORIGIN_REALM),
        Rule::optional(&DESTINATION_HOST),
        Rule::required(&DESTINATION_REALM),
        Rule::required(&USER_NAME),
    ],
    answer_rules: &[],
};

/// The User-Name that makes Test-Echo panic, to show a panic costs one request.
pub const PANIC_USER: &str = "panic";

/// The application: one route.
pub static TEST_APP: Application = Application {
    id: TEST_APPLICATION,
    vendor: VendorId::IETF,
    name: "Test",
    routes: &[Route { command: &TEST_ECHO_COMMAND, handler: echo, refuse }],
    store_error,
};

/// DIAMETER_USER_UNKNOWN (RFC 4006 §9.1) for an unknown subscriber, 5012 otherwise.
fn store_error(err: &StoreError) -> Outcome {
    match err {
        StoreError::UnknownSubscriber => Outcome::Result(ResultCode(5030)),
        _ => Outcome::Result(ResultCode::UNABLE_TO_COMPLY),
    }
}

fn refuse(out: &mut bytes::BytesMut, msg: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) {
    let w = start_answer(out, msg, origin, outcome, None, true);
    finish_answer(w, msg);
}

/// Test-Echo: the subscriber named in User-Name must exist; the answer echoes User-Name.
fn echo(req: &mut Request<'_>) -> Result<Handled, Failure> {
    // Required by the command's ABNF, which the peer layer has checked.
    let Some(avp) = req.msg.find(USER_NAME.code, USER_NAME.vendor)? else {
        return Err(Outcome::Result(ResultCode::MISSING_AVP).into());
    };
    let user = avp.utf8()?;
    // The fault hook of the panic-containment tests: this application is never served in
    // service (a test's own table only).
    if user == PANIC_USER {
        panic!("Test-Echo asked to panic");
    }
    let imsi = Imsi::parse(user)
        .map_err(|_| codec::view::invalid_value(&avp, "User-Name is not an IMSI"))?;
    req.store().subscriber_entry(imsi.key()).map_err(|e| req.store_failure(&e))?;
    let node = req.node;
    let mut w = start_answer(req.out, req.msg, &node.origin(), Outcome::Success, None, true);
    w.utf8(&USER_NAME, user);
    finish_answer(w, req.msg);
    Ok(Handled::Answered)
}
