//! Property tests of the typed views and of error-answer construction: every message of
//! `codec::samples` is mutated (AVPs spliced in from other samples, removed, duplicated,
//! swapped, recoded or given another value; length fields rewritten; bytes flipped; the message
//! cut short) and handed to `codec::exercise`, which runs every view whatever the command code,
//! walks their accessors, validates, and checks that the error answer to each refusal decodes.
//!
//! With `CODEC_WRITE_SAMPLES=<dir>` set, `write_samples` writes each sample to a file of its own
//! in `<dir>`: the fuzz targets' first corpus (`scripts/fuzz.sh --seed`).

use std::sync::LazyLock;

use codec::dict::{self, AvpType};
use codec::samples::{self, Sample};
use codec::{AvpIter, HEADER_LEN, Message, exercise};
use proptest::prelude::*;
use proptest::sample::Index;

/// An AVP as the mutator edits it: re-encoded with its real length unless `len` says otherwise.
#[derive(Debug, Clone)]
struct Avp {
    code: u32,
    flags: u8,
    vendor: Option<u32>,
    body: Body,
    /// A length field written as is, right or wrong.
    len: Option<u32>,
}

#[derive(Debug, Clone)]
enum Body {
    Data(Vec<u8>),
    Group(Vec<Avp>),
}

/// A message as the mutator edits it: the header (its length patched on encoding) and the AVPs.
#[derive(Debug, Clone)]
struct Tree {
    header: [u8; HEADER_LEN],
    avps: Vec<Avp>,
}

impl Tree {
    fn parse(bytes: &[u8]) -> Self {
        let header = bytes[..HEADER_LEN].try_into().unwrap();
        Self { header, avps: parse_avps(&bytes[HEADER_LEN..]) }
    }

    fn encode(&self) -> Vec<u8> {
        let mut out = self.header.to_vec();
        encode_avps(&self.avps, &mut out);
        let len = out.len() as u32;
        out[1..4].copy_from_slice(&len.to_be_bytes()[1..]);
        out
    }

    /// The path of every AVP list: the top level (`[]`), then each Grouped AVP's children.
    fn lists(&self) -> Vec<Vec<usize>> {
        fn walk(avps: &[Avp], path: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
            out.push(path.clone());
            for (i, a) in avps.iter().enumerate() {
                if let Body::Group(children) = &a.body {
                    path.push(i);
                    walk(children, path, out);
                    path.pop();
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.avps, &mut Vec::new(), &mut out);
        out
    }

    fn list_mut(&mut self, path: &[usize]) -> &mut Vec<Avp> {
        let mut list = &mut self.avps;
        for &i in path {
            match &mut list[i].body {
                Body::Group(children) => list = children,
                Body::Data(_) => unreachable!("paths lead to groups"),
            }
        }
        list
    }

    /// Every AVP, groups and their children alike, in message order.
    fn flat(&self) -> Vec<&Avp> {
        fn walk<'t>(avps: &'t [Avp], out: &mut Vec<&'t Avp>) {
            for a in avps {
                out.push(a);
                if let Body::Group(children) = &a.body {
                    walk(children, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.avps, &mut out);
        out
    }
}

/// Decodes a list of AVPs; the Grouped AVPs the dictionary knows become groups.
fn parse_avps(data: &[u8]) -> Vec<Avp> {
    AvpIter::new(data, 0)
        .map_while(Result::ok)
        .map(|a| {
            let grouped = dict::avp(a.code, a.vendor).is_some_and(|d| d.ty == AvpType::Grouped);
            let body = if grouped && a.group().all(|c| c.is_ok()) {
                Body::Group(parse_avps(a.data))
            } else {
                Body::Data(a.data.to_vec())
            };
            let vendor = a.flags.is_vendor().then_some(a.vendor.0);
            Avp { code: a.code.0, flags: a.flags.0, vendor, body, len: None }
        })
        .collect()
}

fn encode_avps(avps: &[Avp], out: &mut Vec<u8>) {
    for a in avps {
        let start = out.len();
        out.extend_from_slice(&a.code.to_be_bytes());
        out.extend_from_slice(&[a.flags, 0, 0, 0]);
        if let Some(v) = a.vendor {
            out.extend_from_slice(&v.to_be_bytes());
        }
        match &a.body {
            Body::Data(d) => out.extend_from_slice(d),
            Body::Group(children) => encode_avps(children, out),
        }
        let len = a.len.unwrap_or((out.len() - start) as u32);
        out[start + 5..start + 8].copy_from_slice(&len.to_be_bytes()[1..]);
        out.resize(out.len().next_multiple_of(4), 0);
    }
}

/// How a length field is rewritten.
#[derive(Debug, Clone)]
enum Length {
    /// The real length plus this (wrapping in 24 bits).
    Delta(i32),
    /// This value, whatever the real length.
    Set(u32),
}

impl Length {
    fn set(&self, avp: &mut Avp) {
        let mut real = Vec::new();
        encode_avps(&[Avp { len: None, ..avp.clone() }], &mut real);
        let real = u32::from_be_bytes([0, real[5], real[6], real[7]]);
        avp.len = Some(match self {
            Length::Delta(d) => real.wrapping_add_signed(*d),
            Length::Set(v) => *v,
        });
    }
}

/// One structural edit. Each `list` picks one of [`Tree::lists`], `at` an AVP in it.
#[derive(Debug, Clone)]
enum Mutation {
    /// Inserts a copy of an AVP of another sample (`donor`, `avp` of its [`Tree::flat`]).
    Splice {
        donor: Index,
        avp: Index,
        list: Index,
        at: Index,
    },
    /// Gives an AVP the code, flags and Vendor-ID of another sample's AVP, keeping its value.
    Recode {
        donor: Index,
        avp: Index,
        list: Index,
        at: Index,
    },
    Remove {
        list: Index,
        at: Index,
    },
    Duplicate {
        list: Index,
        at: Index,
    },
    Swap {
        list: Index,
        at: Index,
        with: Index,
    },
    /// Replaces an AVP's value (a group's children included) with these bytes.
    Value {
        list: Index,
        at: Index,
        data: Vec<u8>,
    },
    /// Rewrites an AVP's length field.
    Length {
        list: Index,
        at: Index,
        len: Length,
    },
}

fn value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..36),
        // The lengths and texts the views check: PLMN ids, IMSIs, RAND || AUTS, Address...
        Just(vec![0x00, 0xf1, 0x10]),
        Just(b"001010123456789".to_vec()),
        Just(b"0010101234567890".to_vec()),
        Just(vec![0xab; 30]),
        Just(vec![0, 1, 127, 0, 0, 1]),
        Just(vec![0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
        Just(b"aaa://peer.example.org:3868;transport=sctp".to_vec()),
        Just(b"Digest-AKAv1-MD5".to_vec()),
        Just(vec![0xff, 0xfe, 0xfd]),
        Just(vec![0, 0, 0, 1]),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let i = any::<Index>;
    let length =
        prop_oneof![(-16i32..=16).prop_map(Length::Delta), any::<u32>().prop_map(Length::Set)];
    prop_oneof![
        3 => (i(), i(), i(), i())
            .prop_map(|(donor, avp, list, at)| Mutation::Splice { donor, avp, list, at }),
        2 => (i(), i(), i(), i())
            .prop_map(|(donor, avp, list, at)| Mutation::Recode { donor, avp, list, at }),
        1 => (i(), i()).prop_map(|(list, at)| Mutation::Remove { list, at }),
        1 => (i(), i()).prop_map(|(list, at)| Mutation::Duplicate { list, at }),
        1 => (i(), i(), i()).prop_map(|(list, at, with)| Mutation::Swap { list, at, with }),
        2 => (i(), i(), value()).prop_map(|(list, at, data)| Mutation::Value { list, at, data }),
        2 => (i(), i(), length).prop_map(|(list, at, len)| Mutation::Length { list, at, len }),
    ]
}

impl Mutation {
    fn apply(&self, tree: &mut Tree, trees: &[Tree]) {
        let lists = tree.lists();
        let donated = |donor: &Index, avp: &Index| {
            let flat = donor.get(trees).flat();
            (!flat.is_empty()).then(|| (*avp.get(&flat)).clone())
        };
        match self {
            Mutation::Splice { donor, avp, list, at } => {
                if let Some(a) = donated(donor, avp) {
                    let list = tree.list_mut(pick(list, &lists));
                    list.insert(at.index(list.len() + 1), a);
                }
            }
            Mutation::Recode { donor, avp, list, at } => {
                if let Some(d) = donated(donor, avp) {
                    on_avp(tree, &lists, list, at, |a| {
                        (a.code, a.flags, a.vendor) = (d.code, d.flags, d.vendor);
                    });
                }
            }
            Mutation::Remove { list, at } => {
                let list = tree.list_mut(pick(list, &lists));
                if !list.is_empty() {
                    list.remove(at.index(list.len()));
                }
            }
            Mutation::Duplicate { list, at } => {
                let list = tree.list_mut(pick(list, &lists));
                if !list.is_empty() {
                    let i = at.index(list.len());
                    list.insert(i, list[i].clone());
                }
            }
            Mutation::Swap { list, at, with } => {
                let list = tree.list_mut(pick(list, &lists));
                if !list.is_empty() {
                    let n = list.len();
                    list.swap(at.index(n), with.index(n));
                }
            }
            Mutation::Value { list, at, data } => {
                on_avp(tree, &lists, list, at, |a| a.body = Body::Data(data.clone()));
            }
            Mutation::Length { list, at, len } => on_avp(tree, &lists, list, at, |a| len.set(a)),
        }
    }
}

/// Runs `edit` on the AVP `at` of list `list`, unless that list is empty.
fn on_avp(
    tree: &mut Tree,
    lists: &[Vec<usize>],
    list: &Index,
    at: &Index,
    edit: impl FnOnce(&mut Avp),
) {
    let list = tree.list_mut(pick(list, lists));
    if !list.is_empty() {
        let i = at.index(list.len());
        edit(&mut list[i]);
    }
}

/// The samples, ready to mutate.
fn trees() -> &'static [Tree] {
    static TREES: LazyLock<Vec<Tree>> =
        LazyLock::new(|| samples::all().iter().map(|s| Tree::parse(&s.bytes)).collect());
    &TREES
}

/// Every decoding path on `bytes` as one message, then as a stream.
fn exercise(bytes: &[u8]) {
    if let Ok(msg) = Message::parse(bytes) {
        exercise::message(&msg);
    }
    exercise::stream(bytes);
}

#[test]
fn the_mutator_reproduces_every_sample() {
    for s in samples::all() {
        assert_eq!(Tree::parse(&s.bytes).encode(), s.bytes, "{}", s.name);
    }
}

#[test]
fn every_sample_and_every_stream_of_them_passes() {
    let all = samples::all();
    for s in &all {
        let msg = Message::parse(&s.bytes).unwrap();
        exercise::message(&msg);
    }
    // All of them back to back, as one peer's byte stream.
    let mut stream = Vec::new();
    all.iter().for_each(|s| stream.extend_from_slice(&s.bytes));
    exercise::stream(&stream);
}

/// Every length field of every sample, off by a little or a lot.
#[test]
fn every_length_field_rewritten() {
    let lengths =
        [-8, -1, 1, 4].map(Length::Delta).into_iter().chain([0, 8, 0xff_ffff].map(Length::Set));
    for tree in trees() {
        for path in tree.lists() {
            for at in 0..tree.clone().list_mut(&path).len() {
                for len in lengths.clone() {
                    let mut t = tree.clone();
                    len.set(&mut t.list_mut(&path)[at]);
                    exercise(&t.encode());
                }
            }
        }
    }
}

/// Every sample cut short at every 4-byte boundary, its header length patched to match.
#[test]
fn every_truncation_of_every_sample() {
    for s in samples::all() {
        for cut in (HEADER_LEN..s.bytes.len()).step_by(4) {
            let mut b = s.bytes[..cut].to_vec();
            b[1..4].copy_from_slice(&(cut as u32).to_be_bytes()[1..]);
            exercise(&b);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(768))]

    #[test]
    fn mutated_samples_pass(
        sample in any::<Index>(),
        mutations in proptest::collection::vec(mutation(), 1..5),
        flips in proptest::collection::vec((any::<Index>(), 1..=255u8), 0..3),
        cut in proptest::option::weighted(0.15, any::<Index>()),
        patch_length in any::<bool>(),
    ) {
        let trees = trees();
        let mut tree = sample.get(trees).clone();
        for m in &mutations {
            m.apply(&mut tree, trees);
        }
        let mut bytes = tree.encode();
        for (at, x) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= x;
        }
        if let Some(cut) = cut {
            bytes.truncate(HEADER_LEN + cut.index(bytes.len() - HEADER_LEN + 1));
            if patch_length {
                bytes.resize(bytes.len().next_multiple_of(4), 0);
                let len = bytes.len() as u32;
                bytes[1..4].copy_from_slice(&len.to_be_bytes()[1..]);
            }
        }
        exercise(&bytes);
    }
}

/// Writes every sample to `$CODEC_WRITE_SAMPLES/<name>` (spaces and slashes as `_`), for the
/// fuzz targets' first corpus; does nothing without the variable.
#[test]
fn write_samples() {
    let Some(dir) = std::env::var_os("CODEC_WRITE_SAMPLES") else { return };
    let dir = std::path::Path::new(&dir);
    std::fs::create_dir_all(dir).unwrap();
    for Sample { name, bytes } in samples::all() {
        let file: String =
            name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        std::fs::write(dir.join(file), bytes).unwrap();
    }
}

/// The list path `i` picks.
fn pick<'l>(i: &Index, lists: &'l [Vec<usize>]) -> &'l [usize] {
    i.get::<Vec<usize>>(lists)
}
