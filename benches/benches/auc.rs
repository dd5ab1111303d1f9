//! AuC micro-benchmarks: one Milenage vector, one KASME, one full E-UTRAN vector, resync.
//!
//! Floors to compare with: one AES-128 block ≈ 16 ns with AES-NI; a Milenage vector is 5–6
//! blocks; one HMAC-SHA-256 ≈ 0.2 µs. `aes_block` measures the first floor on this machine.

use std::hint::black_box;

use aes::Aes128;
use aes::cipher::{BlockCipherEncrypt, KeyInit};
use criterion::{Criterion, criterion_group, criterion_main};
use store::auc::{Milenage, PlmnId, eutran_vector, kasme, make_auts, recover_sqn_ms};

const K: [u8; 16] = hex_literal(b"465b5ce8b199b49faa5f0a2ee238a6bc");
const OPC: [u8; 16] = hex_literal(b"cd63cb71954a9f4e48a5994e37a02baf");
const RAND: [u8; 16] = hex_literal(b"23553cbe9637a89d218ae64dae47bf35");

const fn hex_literal(s: &[u8; 32]) -> [u8; 16] {
    const fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            _ => c - b'a' + 10,
        }
    }
    let mut out = [0u8; 16];
    let mut i = 0;
    while i < 16 {
        out[i] = (nibble(s[2 * i]) << 4) | nibble(s[2 * i + 1]);
        i += 1;
    }
    out
}

fn bench(c: &mut Criterion) {
    let m = Milenage::new(&K, &OPC);
    let sqn = [0xff, 0x9b, 0xb4, 0xd0, 0xb6, 0x07];
    let amf = [0xb9, 0xb9];
    let plmn = PlmnId::from_mcc_mnc("001", "01").expect("valid PLMN");

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
