//! Key material at rest: with a key-encryption key no Ki or OPc is in any file of the data
//! directory (every byte scanned), without one they are (so the scan can fail); a wrong or
//! missing KEK is refused at open; the re-wrap encrypts a plaintext database and rotates the
//! KEK, after which vectors still verify with the original keys; the directory is private.

mod common;

use std::collections::HashSet;
use std::path::Path;

use common::*;
use store::auc::Milenage;
use store::keys::{self, Kind};
use store::{
    AuthData, AuthUpdate, Durability, ImportItem, Imsi, Kek, KekError, Key128, OpContext,
    OperatorKey, RocksConfig, RocksStore, SeededRand, Store, StoreConfig, StoreError, WriteBatch,
    with_operation,
};

const SUBSCRIBERS: u64 = 1000;

/// A subscriber's distinct random Ki and OPc.
#[derive(Clone, Copy)]
struct Keys {
    imsi: Imsi,
    ki: [u8; 16],
    opc: [u8; 16],
}

fn random_keys(n: u64) -> Vec<Keys> {
    (0..n)
        .map(|i| {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes).expect("random");
            let (ki, opc) = bytes.split_at(16);
            Keys { imsi: imsi(i), ki: ki.try_into().expect("16"), opc: opc.try_into().expect("16") }
        })
        .collect()
}

fn auth_of(k: &Keys) -> AuthData {
    AuthData {
        ki: Key128::new(k.ki),
        operator_key: OperatorKey::Opc(Key128::new(k.opc)),
        amf: AMF,
        sqn: 0,
    }
}

fn kek(id: u32, byte: u8) -> Kek {
    Kek::new(id, &[byte; 32]).expect("KEK")
}

fn config(kek: Option<Kek>, previous_kek: Option<Kek>) -> StoreConfig {
    StoreConfig { kek, previous_kek, ..small_blocks(4) }
}

fn open(dir: &Path, kek: Option<Kek>, previous: Option<Kek>) -> Result<Store, StoreError> {
    Store::open(dir, &RocksConfig::default(), config(kek, previous))
}

/// Imports `all` (with an operation context, so that the operation log is written too) in
/// four batches, then changes the AMF of the first ten and puts it back.
fn provision_all(s: &Store, all: &[Keys]) {
    ensure_apn_profile(s, &apn_profile(1, "internet"));
    let context = OpContext::new(Some("test".into()), None, "POST /import".into());
    with_operation(context, || {
        for chunk in all.chunks(250) {
            let items: Vec<ImportItem> = chunk
                .iter()
                .map(|k| ImportItem {
                    subscriber: subscriber(k.imsi, None, &[1]),
                    auth: Some(auth_of(k)),
                })
                .collect();
            let outcomes = s.import_subscribers(&items).expect("import");
            assert!(outcomes.iter().all(Result::is_ok), "{outcomes:?}");
        }
        for k in all.iter().take(10) {
            for amf in [[0, 1], AMF] {
                let update = AuthUpdate { amf: Some(amf), ..Default::default() };
                s.update_auth(k.imsi, &update).expect("update");
            }
        }
    });
}

/// Checks one E-UTRAN vector of each of `keys` against MILENAGE with the original keys.
fn vectors_verify(s: &Store, keys: &[Keys]) {
    let mut rand = SeededRand::new(1);
    for k in keys {
        let mut out = Vec::new();
        s.eutran_vectors(k.imsi.key(), 1, &plmn(), &mut rand, &mut out).expect("vector");
        check_eutran(&Milenage::new(&k.ki, &k.opc), &AMF, &out[0]);
    }
}

/// The subscribers of `all` whose Ki or OPc, or either 8-octet half of one, occurs in some
/// file under `dir`: every byte of every file is scanned.
fn found_in_files(dir: &Path, all: &[Keys]) -> usize {
    let mut needles: std::collections::HashMap<[u8; 8], usize> = Default::default();
    for (i, k) in all.iter().enumerate() {
        for half in [&k.ki[..8], &k.ki[8..], &k.opc[..8], &k.opc[8..]] {
            needles.insert(half.try_into().expect("8"), i);
        }
    }
    let mut found = HashSet::new();
    let mut pending = vec![dir.to_path_buf()];
    let mut files = 0;
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            let entries = std::fs::read_dir(&path).expect("read_dir");
            pending.extend(entries.map(|e| e.expect("entry").path()));
            continue;
        }
        files += 1;
        let bytes = std::fs::read(&path).expect("read");
        for w in bytes.windows(8) {
            if let Some(&i) = needles.get(<&[u8; 8]>::try_from(w).expect("8")) {
                found.insert(i);
            }
        }
    }
    assert!(files > 3, "the data directory holds the database ({files} files)");
    found.len()
}

/// The error a refused open returns.
fn refused(r: Result<Store, StoreError>) -> KekError {
    match r {
        Err(StoreError::Kek(e)) => e,
        Err(e) => panic!("expected a KEK error, got {e}"),
        Ok(_) => panic!("expected a KEK error, the store opened"),
    }
}

#[test]
fn no_key_material_in_any_file_with_a_kek() {
    let tmp = tempfile::tempdir().expect("dir");
    let dir = tmp.path().join("db");
    let all = random_keys(SUBSCRIBERS);
    let s = open(&dir, Some(kek(1, 0x11)), None).expect("open");
    provision_all(&s, &all);
    vectors_verify(&s, &all[..20]);
    let context = OpContext::new(Some("test".into()), None, "GET /credentials".into());
    let (revealed, _) = s.reveal_credentials(all[3].imsi, &context).expect("credentials");
    assert_eq!((revealed.ki, revealed.opc), (all[3].ki, all[3].opc));
    drop(s);
    assert_eq!(found_in_files(&dir, &all), 0, "key material in the data directory");
    // Read back after a restart, from the files.
    let s = open(&dir, Some(kek(1, 0x11)), None).expect("reopen");
    vectors_verify(&s, &all[990..]);
}

#[test]
fn the_scan_finds_plaintext_keys_without_a_kek() {
    let tmp = tempfile::tempdir().expect("dir");
    let dir = tmp.path().join("db");
    let all = random_keys(SUBSCRIBERS);
    let s = open(&dir, None, None).expect("open");
    provision_all(&s, &all);
    drop(s);
    assert_eq!(found_in_files(&dir, &all), all.len());
}

#[test]
fn a_wrong_or_missing_kek_is_refused_at_open() {
    let tmp = tempfile::tempdir().expect("dir");
    let all = random_keys(5);
    let s = open(tmp.path(), Some(kek(1, 0x11)), None).expect("open");
    provision_all(&s, &all);
    drop(s);

    let wrong = refused(open(tmp.path(), Some(kek(1, 0x22)), None));
    assert_eq!(wrong, KekError::WrongKey { id: 1 });
    assert_eq!(wrong.to_string(), "the key-encryption key does not match this database (key id 1)");
    let other = refused(open(tmp.path(), Some(kek(2, 0x11)), None));
    assert_eq!(other, KekError::OtherKey { stored: 1, given: 2 });
    assert!(other.to_string().starts_with("the key-encryption key does not match this database"));
    let none = refused(open(tmp.path(), None, None));
    assert_eq!(none, KekError::Required { id: 1 });
    assert!(none.to_string().contains("no key-encryption key was given"), "{none}");
    let previous_only = refused(open(tmp.path(), None, Some(kek(1, 0x11))));
    assert_eq!(previous_only, KekError::NotConfigured);

    // `Store::new` logs the refusal and refuses every use of key material.
    let backend = RocksStore::open(tmp.path(), &RocksConfig::default()).expect("rocks");
    let s = Store::new(backend, config(Some(kek(1, 0x22)), None));
    assert!(matches!(s.auth(all[0].imsi), Err(StoreError::Kek(KekError::WrongKey { id: 1 }))));
    let mut out = Vec::new();
    let vector = s.eutran_vectors(all[0].imsi.key(), 1, &plmn(), &mut SeededRand::new(0), &mut out);
    assert!(matches!(vector, Err(StoreError::Kek(_))), "{vector:?}");
    assert!(matches!(s.create_auth(imsi(99), &auth_of(&all[0])), Err(StoreError::Kek(_))));
    drop(s);

    let s = open(tmp.path(), Some(kek(1, 0x11)), None).expect("the right key");
    vectors_verify(&s, &all);
}

#[test]
fn a_moved_record_does_not_unwrap() {
    let tmp = tempfile::tempdir().expect("dir");
    let all = random_keys(2);
    let s = open(tmp.path(), Some(kek(1, 0x11)), None).expect("open");
    provision_all(&s, &all);
    let [a, b] = [all[0].imsi, all[1].imsi].map(|i| keys::subscriber_key(i.packed()));
    let value = s.backend().get(Kind::Auth, &a).expect("get").expect("auth");
    let mut batch = WriteBatch::new();
    batch.put(Kind::Auth, &b, value);
    s.backend().write(&batch, Durability::Synced).expect("write");
    s.invalidate_all();
    let moved = s.auth(all[1].imsi);
    assert!(matches!(moved, Err(StoreError::Kek(KekError::Unauthentic { id: 1 }))), "{moved:?}");
}

#[test]
fn rewrap_encrypts_a_plaintext_database_then_rotates_the_kek() {
    let tmp = tempfile::tempdir().expect("dir");
    let dir = tmp.path();
    let all = random_keys(200);
    let (old, new) = (kek(1, 0x11), kek(2, 0x22));

    // Provisioned without a KEK; then a KEK is set: plaintext is still read.
    let s = open(dir, None, None).expect("open");
    provision_all(&s, &all[..150]);
    drop(s);
    let s = open(dir, Some(old.clone()), None).expect("a KEK on a plaintext database");
    vectors_verify(&s, &all[..150]);
    provision_all_more(&s, &all[150..]);
    let report = s.rewrap_keys().expect("rewrap");
    assert_eq!((report.key_id, report.encrypted, report.rewrapped), (1, 150, 0));
    assert_eq!(report.unchanged, 50);
    drop(s);
    assert_eq!(found_in_files(dir, &all), 0, "plaintext left after the re-wrap");

    // Rotation: the new key current, the old one previous; both read, the new one writes.
    let s = open(dir, Some(new.clone()), Some(old.clone())).expect("rotation");
    vectors_verify(&s, &all[..10]);
    let later = Keys { imsi: imsi(500), ..random_keys(1)[0] };
    provision_all_more(&s, &[later]);
    let report = s.rewrap_keys().expect("rewrap");
    assert_eq!(
        (report.key_id, report.rewrapped, report.encrypted, report.unchanged),
        (2, 200, 0, 1)
    );
    drop(s);

    assert_eq!(
        refused(open(dir, Some(old.clone()), None)),
        KekError::OtherKey { stored: 2, given: 1 }
    );
    let s = open(dir, Some(new.clone()), None).expect("the new key alone");
    vectors_verify(&s, &all);
    vectors_verify(&s, &[later]);
    // Nothing left under the old key: a second re-wrap changes nothing.
    let again = s.rewrap_keys().expect("again");
    assert_eq!((again.rewrapped, again.encrypted, again.unchanged), (0, 0, 201));
}

/// Creates profiles and keys one by one (the single-create path).
fn provision_all_more(s: &Store, keys: &[Keys]) {
    for k in keys {
        s.create_subscriber(&subscriber(k.imsi, None, &[1])).expect("subscriber");
        s.create_auth(k.imsi, &auth_of(k)).expect("auth");
    }
}

#[test]
fn an_unfinished_rewrap_is_reported_at_open() {
    let tmp = tempfile::tempdir().expect("dir");
    let all = random_keys(3);
    let s = open(tmp.path(), Some(kek(1, 0x11)), None).expect("open");
    provision_all(&s, &all);
    // What a re-wrap under key 2 leaves when it stops half-way.
    let mut batch = WriteBatch::new();
    let mut marker = vec![1];
    marker.extend_from_slice(&2u64.to_be_bytes());
    batch.put(Kind::Meta, b"kek/next", marker);
    s.backend().write(&batch, Durability::Synced).expect("write");
    drop(s);
    let unfinished = refused(open(tmp.path(), Some(kek(1, 0x11)), None));
    assert_eq!(unfinished, KekError::Unfinished { to: 2 });
    assert!(unfinished.to_string().contains("did not finish"), "{unfinished}");
    let s = open(tmp.path(), Some(kek(2, 0x22)), Some(kek(1, 0x11))).expect("resume");
    assert_eq!(s.rewrap_keys().expect("rewrap").rewrapped, 3);
    drop(s);
    let s = open(tmp.path(), Some(kek(2, 0x22)), None).expect("finished");
    vectors_verify(&s, &all);
}

#[cfg(unix)]
#[test]
fn the_data_directory_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    let tmp = tempfile::tempdir().expect("dir");
    let created = tmp.path().join("var").join("db");
    drop(open(&created, None, None).expect("open"));
    assert_eq!(mode(&created), 0o700);
    let open_dir = tmp.path().join("shared");
    std::fs::create_dir(&open_dir).expect("mkdir");
    std::fs::set_permissions(&open_dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    drop(open(&open_dir, None, None).expect("open"));
    assert_eq!(mode(&open_dir), 0o700);
}
