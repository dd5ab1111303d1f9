//! The benchmark instrument `bench_echo`: AIR gets a canned one-vector AIA without touching
//! the store (an IMSI nobody provisioned still gets it), while every other request is served
//! normally. Off by default.

mod s6a_common;

use codec::ResultCode;
use codec::code::experimental as exp;
use codec::view::AnswerResult;
use engine::config::Config;
use engine::server::Engine;
use s6a_common::*;

const UNKNOWN: &str = "001010000000077";

fn start(bench_echo: bool) -> (engine::server::RunningEngine, Config, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let config = Config { bench_echo, ..config(dir.path(), 1) };
    (Engine::start(&config).expect("engine starts"), config, dir)
}

#[test]
fn bench_echo_answers_air_without_the_store_and_nothing_else() {
    let (engine, config, _dir) = start(true);
    let mut mme =
        Mme::connect(engine.local_addr(), "mme1.test", &config.origin_host, &config.origin_realm);
    mme.exchange_capabilities();
    let aia = mme.air(UNKNOWN, 3);
    assert_eq!(result(&aia), AnswerResult::Result(ResultCode::SUCCESS), "canned, store not asked");
    let vectors = eutran_vectors(&aia);
    assert_eq!(vectors.len(), 1, "one canned vector whatever was asked");
    assert_eq!(vectors[0].rand, [0x23; 16]);
    assert_eq!(result(&mme.ulr(UNKNOWN)), experimental(exp::ERROR_USER_UNKNOWN), "ULR is real");
    engine.shutdown_with_grace(std::time::Duration::ZERO).expect("clean stop");
}

#[test]
fn without_bench_echo_the_same_air_is_refused() {
    let (engine, config, _dir) = start(false);
    let mut mme =
        Mme::connect(engine.local_addr(), "mme1.test", &config.origin_host, &config.origin_realm);
    mme.exchange_capabilities();
    assert_eq!(result(&mme.air(UNKNOWN, 1)), experimental(exp::ERROR_USER_UNKNOWN));
    engine.shutdown_with_grace(std::time::Duration::ZERO).expect("clean stop");
}
