//! A new application is one module and one line in a table: the test-only application of
//! `engine::apps::test_app` (a made-up command in a made-up application) served beside S6a by
//! an engine whose table lists both. Over TCP: CEA advertises it, its command is checked and
//! answered like any other (store errors mapped by the application), a command it does not
//! route gets 3001, and S6a is untouched.

mod support;

use codec::dict::base as b;
use codec::view::AnswerResult;
use codec::{CommandCode, ResultCode};
use engine::apps::test_app::{TEST_APP, TEST_APPLICATION, TEST_ECHO, TEST_ECHO_COMMAND};
use engine::apps::{Application, s6a};
use engine::settings::EngineSettings;
use support::*;

/// S6a and the test application: the table of this engine.
static TABLE: &[&Application] = &[&s6a::S6A, &TEST_APP];

const IMSI: &str = "001010000000001";

/// An MME-like client that also advertises the test application.
fn client(hss: &Hss) -> Mme {
    let mut mme = Mme::connect(hss.addr(), "client.test", hss.origin_host(), hss.origin_realm());
    mme.vendor_id = 0;
    mme.product_name = "test-client".into();
    mme.auth_apps = vec![TEST_APPLICATION];
    let cer = mme.cer_bytes();
    let cea = mme.call(&cer);
    assert_eq!(result(&cea), AnswerResult::Result(ResultCode::SUCCESS));
    let m = msg(&cea);
    let plain: Vec<u32> = (m.avps().flatten())
        .filter(|a| a.is(b::AUTH_APPLICATION_ID.code, b::AUTH_APPLICATION_ID.vendor))
        .map(|a| a.u32().expect("Unsigned32"))
        .collect();
    assert_eq!(plain, [TEST_APPLICATION.0], "CEA advertises the application as the table says");
    mme
}

/// A request of the test application with `code`, naming `user`.
fn request(mme: &mut Mme, code: CommandCode, user: &str) -> Vec<u8> {
    let def = codec::dict::CommandDef { code, ..TEST_ECHO_COMMAND };
    mme.request_bytes(&def, |w| {
        w.utf8(&b::USER_NAME, user);
    })
}

#[test]
fn a_test_application_in_the_table_is_advertised_checked_and_served() {
    let hss = Hss::start_with(EngineSettings { applications: TABLE, ..settings(1) });
    provision(hss.store(), &SubSpec::new(IMSI));
    let mut client = client(&hss);

    // Its command, answered by its handler: User-Name echoed.
    let req = request(&mut client, TEST_ECHO, IMSI);
    let answer = client.call(&req);
    assert_eq!(command_code(&answer), TEST_ECHO.0);
    assert_eq!(result(&answer), AnswerResult::Result(ResultCode::SUCCESS));
    assert_eq!(text(top(&msg(&answer), &b::USER_NAME)), IMSI);

    // Its store-error mapping: an unknown subscriber is DIAMETER_USER_UNKNOWN (5030).
    let req = request(&mut client, TEST_ECHO, "001019999999999");
    assert_eq!(result(&client.call(&req)), AnswerResult::Result(ResultCode(5030)));
    // Its handler's refusal of a value it cannot use: 5004 naming User-Name.
    let req = request(&mut client, TEST_ECHO, "not-an-imsi");
    let answer = client.call(&req);
    assert_eq!(result(&answer), AnswerResult::Result(ResultCode::INVALID_AVP_VALUE));
    assert_eq!(failed_avp_codes(&answer), [(b::USER_NAME.code.0, 0)]);
    // The peer's checks, from the command's ABNF: no User-Name is 5005.
    let req = without_avp(&request(&mut client, TEST_ECHO, IMSI), &b::USER_NAME);
    assert_eq!(result(&client.call(&req)), AnswerResult::Result(ResultCode::MISSING_AVP));
    // A command the table does not route: 3001.
    let req = request(&mut client, CommandCode(16_777_215), IMSI);
    assert_eq!(result(&client.call(&req)), AnswerResult::Result(ResultCode::COMMAND_UNSUPPORTED));

    // S6a on the same connection, as ever.
    let aia = client.air(IMSI, 1);
    assert_eq!(result(&aia), AnswerResult::Result(ResultCode::SUCCESS));
    assert_eq!(eutran_vectors(&aia).len(), 1);
    hss.stop();
}

#[test]
fn the_default_table_does_not_serve_the_test_application() {
    let hss = Hss::start(1);
    let mut mme = hss.mme("mme1.test");
    let req = request(&mut mme, TEST_ECHO, IMSI);
    assert_eq!(
        result(&mme.call(&req)),
        AnswerResult::Result(ResultCode::APPLICATION_UNSUPPORTED),
        "not negotiated: 3007"
    );
    hss.stop();
}

/// A handler that panics costs its request only: the request is answered 5012, the same
/// connection goes on (on its own shard and on the shard its requests are handed to), and the
/// panics are counted by place.
#[test]
fn a_panicking_handler_costs_one_request_not_the_connection_or_the_shard() {
    use engine::apps::test_app::PANIC_USER;
    use engine::panics::{Place, counts};
    let handler_panics = || counts().iter().find(|(p, _)| *p == Place::Handler).map(|(_, n)| *n);
    let before = handler_panics().unwrap_or(0);
    // Two shards, every read handed off when it has two messages or more.
    let hss = Hss::start_with(EngineSettings {
        applications: TABLE,
        handoff_min_batch: 2,
        ..settings(2)
    });
    provision(hss.store(), &SubSpec::new(IMSI));
    let mut client = client(&hss);
    let req = request(&mut client, TEST_ECHO, PANIC_USER);
    let answer = client.call(&req);
    assert_eq!(result(&answer), AnswerResult::Result(ResultCode::UNABLE_TO_COMPLY));
    // Pipelined: panics and normal requests in one read, some served on the other shard.
    let reqs: Vec<Vec<u8>> = (0..8)
        .map(|i| request(&mut client, TEST_ECHO, if i % 2 == 0 { PANIC_USER } else { IMSI }))
        .collect();
    client.send(&reqs.concat());
    let mut results = Vec::new();
    for _ in 0..reqs.len() {
        results.push(result(&client.read_message().expect("an answer")));
    }
    let failed =
        results.iter().filter(|r| **r == AnswerResult::Result(ResultCode::UNABLE_TO_COMPLY));
    assert_eq!(failed.count(), 4, "{results:?}");
    // The connection and both shards still serve.
    let aia = client.air(IMSI, 1);
    assert_eq!(result(&aia), AnswerResult::Result(ResultCode::SUCCESS));
    let req = request(&mut client, TEST_ECHO, IMSI);
    assert_eq!(result(&client.call(&req)), AnswerResult::Result(ResultCode::SUCCESS));
    assert!(handler_panics().unwrap_or(0) >= before + 5, "counted");
    hss.stop();
}
