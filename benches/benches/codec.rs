//! Codec micro-benchmarks: decode an AIR (frame, validate, view), encode an AIA with 1 and 5
//! vectors, split a 64 KiB buffer of pipelined AIRs into messages.

use std::hint::black_box;

use bytes::BytesMut;
use codec::build::s6a::{AiaBody, AirBody, AuthenticationInfo, EutranVectorData, aia, air};
use codec::build::{Destination, Origin, Outcome, RequestIds};
use codec::view::s6a::{AirView, RequestedAuthInfo};
use codec::{Frames, Message, dict, validate};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const MME: Origin<'static> = Origin {
    host: "mme01.epc.mnc001.mcc001.3gppnetwork.org",
    realm: "epc.mnc001.mcc001.3gppnetwork.org",
};
const HSS: Origin<'static> = Origin {
    host: "hss01.epc.mnc001.mcc001.3gppnetwork.org",
    realm: "epc.mnc001.mcc001.3gppnetwork.org",
};

/// An AIR as an MME sends it: one E-UTRAN vector, Immediate-Response-Preferred.
fn air_bytes(hop_by_hop: u32) -> BytesMut {
    let mut buf = BytesMut::new();
    let dest = Destination { host: HSS.host, realm: HSS.realm };
    let body = AirBody {
        imsi: "001010123456789",
        visited_plmn_id: [0x00, 0xf1, 0x10],
        eutran: Some(RequestedAuthInfo {
            number_of_requested_vectors: Some(1),
            immediate_response_preferred: true,
            resync: None,
        }),
        ..AirBody::default()
    };
    let ids = RequestIds { hop_by_hop, end_to_end: hop_by_hop };
    air(&mut buf, ids, "mme01.epc.mnc001.mcc001.3gppnetwork.org;1700000000;1", &MME, &dest, &body);
    buf
}

/// Frame, validate against the dictionary, build the view: all an AIR costs before the AuC.
fn decode_air(bytes: &[u8]) -> u32 {
    let mut n = 0;
    for frame in Frames::new(bytes) {
        let msg = Message::parse(frame.expect("frame")).expect("message");
        let def = dict::command(msg.header.application, msg.header.code).expect("AIR is known");
        validate::validate(&msg, def).expect("valid");
        let view = AirView::parse(&msg).expect("view");
        n += view.eutran.and_then(|e| e.number_of_requested_vectors).unwrap_or(0);
    }
    n
}

fn bench(c: &mut Criterion) {
    let one = air_bytes(1);
    let mut g = c.benchmark_group("codec");
    g.throughput(Throughput::Elements(1));
    g.bench_function("decode_air", |b| b.iter(|| decode_air(black_box(&one))));

    let rand = [0x23u8; 16];
    let xres = [0xa5u8; 8];
    let autn = [0x55u8; 16];
    let kasme = [0x77u8; 32];
    let v = EutranVectorData { rand: &rand, xres: &xres, autn: &autn, kasme: &kasme };
    let req = Message::parse(&one).expect("AIR parses");
    let mut out = BytesMut::with_capacity(64 * 1024);
    for n in [1usize, 5] {
        let vectors = vec![v; n];
        let body = AiaBody {
            vectors: AuthenticationInfo { eutran: &vectors, ..AuthenticationInfo::default() },
            ..AiaBody::default()
        };
        g.bench_function(format!("encode_aia_{n}_vectors"), |b| {
            b.iter(|| {
                out.clear();
                aia(&mut out, black_box(&req), &HSS, Outcome::Success, &body)
            })
        });
    }
    g.finish();

    // 64 KiB of pipelined AIRs, the last one cut short as a read would leave it.
    let mut stream = BytesMut::new();
    let mut id = 0;
    while stream.len() < 64 * 1024 {
        id += 1;
        stream.extend_from_slice(&air_bytes(id));
    }
    stream.truncate(64 * 1024);
    let mut g = c.benchmark_group("framing");
    g.throughput(Throughput::Bytes(stream.len() as u64));
    g.bench_function("split_64k_of_airs", |b| {
        b.iter(|| {
            let mut frames = Frames::new(black_box(&stream));
            let count = frames.by_ref().count();
            (count, frames.consumed())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
