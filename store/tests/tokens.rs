//! REST API tokens in a RocksDB store: kept across a reopen as a keyed digest (the secret is
//! nowhere in the database), refused once revoked or expired.

use store::keys::Kind;
use store::{RocksConfig, Scope, Store, StoreConfig, StoreError};

fn open(dir: &std::path::Path) -> Store {
    Store::open(dir, &RocksConfig::default(), StoreConfig::default()).expect("open")
}

fn raw_values(store: &Store, kind: Kind) -> Vec<u8> {
    let mut entries = store::Entries::new();
    store.backend().scan(kind, &[], 0, 1000, &mut entries).expect("scan");
    entries
        .iter()
        .flat_map(|(k, v)| k.iter().chain(v.iter()).copied().collect::<Vec<_>>())
        .collect()
}

#[test]
fn tokens_survive_a_reopen_as_digests_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let secret = {
        let store = open(dir.path());
        assert!(!store.api_tokens_exist());
        let new = store.create_api_token("ops", &[Scope::Write], None).expect("created");
        assert!(new.secret.starts_with("hss_") && new.secret.len() == 68);
        assert!(!format!("{new:?}").contains(&new.secret), "Debug hides the secret");
        new.secret
    };
    let store = open(dir.path());
    assert!(store.api_tokens_exist());
    let digest = store.api_token_digest(&secret);
    let token = store.api_token_by_digest(&digest).expect("known after the reopen");
    assert_eq!((token.name.as_str(), token.scopes.as_slice()), ("ops", &[Scope::Write][..]));
    assert!(token.grants(Scope::Read) && !token.grants(Scope::Secrets));
    let raw = raw_values(&store, Kind::ApiToken);
    let hex_secret = &secret.as_bytes()[4..];
    assert!(!raw.windows(hex_secret.len()).any(|w| w == hex_secret), "no secret stored");

    let other = store.api_token_digest("hss_not-a-token");
    assert!(store.api_token_by_digest(&other).is_none());

    store.revoke_api_token("ops").expect("revoked");
    assert!(store.api_token_by_digest(&digest).is_none());
    assert!(matches!(store.revoke_api_token("ops"), Err(StoreError::NotFound(_))));
    drop(store);
    let store = open(dir.path());
    assert!(!store.api_tokens_exist(), "the revocation is stored");
}

#[test]
fn an_expired_token_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = open(dir.path());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let new = store.create_api_token("brief", &[Scope::Read], Some(now + 2)).expect("created");
    let digest = store.api_token_digest(&new.secret);
    assert!(store.api_token_by_digest(&digest).is_some());
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert!(store.api_token_by_digest(&digest).is_none(), "expired");
    assert_eq!(store.api_tokens().len(), 1, "still listed until revoked");
}
