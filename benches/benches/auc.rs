//! AuC micro-benchmarks: one Milenage vector, one KASME, one full E-UTRAN vector, resync.
//!
//! Floors to compare with: one AES-128 block ≈ 16 ns with AES-NI; a Milenage vector is 5–6
//! blocks; one HMAC-SHA-256 ≈ 0.2 µs. `aes_block` measures the first floor on this machine.

use std::hint::black_box;

use aes::Aes128;
use aes::cipher::{BlockCipherEncrypt, KeyInit};
use criterion::{Criterion, criterion_group, criterion_main};
use store::auc::{Milenage, eutran_vector, kasme, make_auts, recover_sqn_ms};
use testkit::keys::{K, OPC, SET1_AMF, SET1_RAND as RAND, SET1_SQN};
use testkit::plmn::home_plmn;

fn bench(c: &mut Criterion) {
    let m = Milenage::new(&K, &OPC);
    let (sqn, amf, plmn) = (SET1_SQN, SET1_AMF, home_plmn());

    let cipher = Aes128::new(&K.into());
    c.bench_function("aes_block", |b| {
        let mut block = RAND.into();
        b.iter(|| cipher.encrypt_block(black_box(&mut block)))
    });
    c.bench_function("milenage_prepare", |b| b.iter(|| Milenage::new(black_box(&K), &OPC)));
    c.bench_function("milenage_vector", |b| b.iter(|| m.generate(black_box(&RAND), &sqn, &amf)));
    let out = m.generate(&RAND, &sqn, &amf);
    let sqn_xor_ak: [u8; 6] = std::array::from_fn(|i| sqn[i] ^ out.ak[i]);
    c.bench_function("kasme", |b| {
        b.iter(|| kasme(black_box(&out.ck), &out.ik, &plmn, &sqn_xor_ak))
    });
    c.bench_function("eutran_vector", |b| {
        b.iter(|| eutran_vector(&m, black_box(&RAND), &sqn, &amf, &plmn))
    });
    let auts = make_auts(&m, &RAND, &sqn);
    c.bench_function("resync_auts", |b| b.iter(|| recover_sqn_ms(&m, black_box(&RAND), &auts)));
}

criterion_group!(benches, bench);
criterion_main!(benches);
