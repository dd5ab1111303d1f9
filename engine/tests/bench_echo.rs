//! The benchmark instrument `bench_echo`: AIR gets a canned one-vector AIA without touching
//! the store (an IMSI nobody provisioned still gets it), while every other request is served
//! normally. Off by default.

mod support;

use codec::ResultCode;
use codec::code::experimental as exp;
use codec::view::AnswerResult;
use engine::settings::EngineSettings;
use support::*;

const UNKNOWN: &str = "001010000000077";

fn start(bench_echo: bool) -> Hss {
    Hss::start_with(EngineSettings { bench_echo, ..settings(1) })
}

#[test]
fn bench_echo_answers_air_without_the_store_and_nothing_else() {
    let hss = start(true);
    let mut mme = hss.mme("mme1.test");
    let aia = mme.air(UNKNOWN, 3);
    assert_eq!(result(&aia), AnswerResult::Result(ResultCode::SUCCESS), "canned, store not asked");
    let vectors = eutran_vectors(&aia);
    assert_eq!(vectors.len(), 1, "one canned vector whatever was asked");
    assert_eq!(vectors[0].rand, [0x23; 16]);
    assert_eq!(result(&mme.ulr(UNKNOWN)), experimental(exp::ERROR_USER_UNKNOWN), "ULR is real");
    hss.stop();
}

#[test]
fn without_bench_echo_the_same_air_is_refused() {
    let hss = start(false);
    let mut mme = hss.mme("mme1.test");
    assert_eq!(result(&mme.air(UNKNOWN, 1)), experimental(exp::ERROR_USER_UNKNOWN));
    hss.stop();
}
