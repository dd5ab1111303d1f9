//! The REST API's tokens: created with a random secret shown once, kept as a keyed digest
//! (HMAC-SHA-256 under a random key of the store's own, in `meta`), checked from memory.
//!
//! A check digests the presented secret once and compares the digest with every token's in
//! constant time, without an early exit: how long it takes depends on the number of tokens,
//! not on the secret or its length.

use std::sync::{Arc, PoisonError, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

use super::Store;
use crate::auc::kdf::hmac_sha256;
use crate::backend::{Durability, Entries, WriteBatch};
use crate::error::{Entity, StoreError};
use crate::keys::Kind;
use crate::model::{ApiToken, Scope, validate_token};
use crate::value;

/// Most tokens the store holds.
pub const MAX_API_TOKENS: usize = 256;

/// The `meta` key of the digest key.
const KEY_NAME: &[u8] = b"api_token/key";

/// The tokens as checks read them, with the digest key.
#[derive(Debug, Default)]
pub(crate) struct TokenIndex {
    key: [u8; 32],
    tokens: Vec<ApiToken>,
    /// False until the tokens were read: then the API fails closed (only the configuration's
    /// token is accepted), never open.
    loaded: bool,
}

pub(crate) type Tokens = RwLock<Arc<TokenIndex>>;

/// A new token: its record and the secret, which only its creator ever sees.
#[derive(Clone)]
pub struct NewToken {
    /// The record as stored (its digest stays inside the store).
    pub token: ApiToken,
    /// `hss_` and 64 hex digits.
    pub secret: String,
}

impl std::fmt::Debug for NewToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewToken").field("token", &self.token).finish_non_exhaustive()
    }
}

fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn equal(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Store {
    /// Reads the digest key (creating it on a new store) and every token.
    pub(crate) fn reload_tokens(&self) -> Result<(), StoreError> {
        let key = match self.backend.get(Kind::Meta, KEY_NAME)? {
            Some(v) if v.len() == 32 => {
                let mut key = [0u8; 32];
                key.copy_from_slice(&v);
                key
            }
            Some(_) => {
                return Err(StoreError::Corrupt(crate::error::Corrupt {
                    kind: Kind::Meta,
                    reason: "api token key is not 32 bytes",
                }));
            }
            None => {
                let mut key = [0u8; 32];
                getrandom::fill(&mut key).map_err(|_| StoreError::Random)?;
                let mut batch = WriteBatch::new();
                batch.put(Kind::Meta, KEY_NAME, key.to_vec());
                self.commit(&batch, Durability::Synced)?;
                key
            }
        };
        let mut entries = Entries::new();
        self.backend.scan(Kind::ApiToken, &[], 0, MAX_API_TOKENS, &mut entries)?;
        let tokens = entries
            .iter()
            .map(|(_, v)| value::decode_json::<ApiToken>(Kind::ApiToken, v, "bad api token"))
            .collect::<Result<Vec<_>, _>>()?;
        *self.tokens.write().unwrap_or_else(PoisonError::into_inner) =
            Arc::new(TokenIndex { key, tokens, loaded: true });
        Ok(())
    }

    fn token_index(&self) -> Arc<TokenIndex> {
        self.tokens.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The keyed digest of a presented secret (for a secret kept outside the store, such as
    /// the one in the configuration, compared with [`Store::digest_matches`]).
    pub fn api_token_digest(&self, secret: &str) -> [u8; 32] {
        hmac_sha256(&self.token_index().key, &[secret.as_bytes()])
    }

    /// Compares two digests in constant time.
    pub fn digest_matches(a: &[u8; 32], b: &[u8; 32]) -> bool {
        equal(a, b)
    }

    /// The token whose secret has digest `digest`, if it exists and has not expired. Compares
    /// with every token, in constant time each.
    pub fn api_token_by_digest(&self, digest: &[u8; 32]) -> Option<ApiToken> {
        let index = self.token_index();
        let mut found = None;
        for t in &index.tokens {
            if equal(&t.digest, digest) {
                found = Some(t);
            }
        }
        found.filter(|t| !t.expired(now_secs())).cloned()
    }

    /// Whether any token is stored (then every request but `/health` needs one).
    /// True as well when they could not be read, so that a store error never opens the API.
    pub fn api_tokens_exist(&self) -> bool {
        let index = self.token_index();
        !index.loaded || !index.tokens.is_empty()
    }

    /// Every token, by name.
    pub fn api_tokens(&self) -> Vec<ApiToken> {
        let mut tokens = self.token_index().tokens.clone();
        tokens.sort_by(|a, b| a.name.cmp(&b.name));
        tokens
    }

    /// Creates a token named `name` granting `scopes`, ending at `expires` (Unix seconds).
    /// Errors: invalid name or scopes, a name taken (409), the store full.
    pub fn create_api_token(
        &self,
        name: &str,
        scopes: &[Scope],
        expires: Option<u64>,
    ) -> Result<NewToken, StoreError> {
        validate_token(name, scopes)?;
        let now = now_secs();
        if expires.is_some_and(|e| e <= now) {
            return Err(StoreError::invalid("expires", "must be in the future"));
        }
        let _guard = self.lock_provisioning();
        let index = self.token_index();
        if index.tokens.iter().any(|t| t.name == name) {
            return Err(StoreError::Duplicate { entity: Entity::ApiToken, field: "name" });
        }
        if index.tokens.len() >= MAX_API_TOKENS {
            return Err(StoreError::invalid("name", "the store holds 256 tokens at most"));
        }
        let mut raw = [0u8; 32];
        getrandom::fill(&mut raw).map_err(|_| StoreError::Random)?;
        let mut secret = String::with_capacity(68);
        secret.push_str("hss_");
        for b in raw {
            secret.push_str(&format!("{b:02x}"));
        }
        let token = ApiToken {
            name: name.to_owned(),
            scopes: scopes.to_vec(),
            created: now,
            expires,
            digest: hmac_sha256(&index.key, &[secret.as_bytes()]),
        };
        let mut batch = WriteBatch::new();
        batch.put(Kind::ApiToken, name.as_bytes(), value::encode_json(&token));
        self.commit(&batch, Durability::Synced)?;
        self.reload_tokens()?;
        Ok(NewToken { token, secret })
    }

    /// Revokes token `name`: from the return on, its secret is refused.
    pub fn revoke_api_token(&self, name: &str) -> Result<ApiToken, StoreError> {
        let _guard = self.lock_provisioning();
        let Some(token) = self.token_index().tokens.iter().find(|t| t.name == name).cloned() else {
            return Err(StoreError::NotFound(Entity::ApiToken));
        };
        let mut batch = WriteBatch::new();
        batch.delete(Kind::ApiToken, name.as_bytes());
        self.commit(&batch, Durability::Synced)?;
        self.reload_tokens()?;
        Ok(token)
    }
}

/// An empty index (filled when the store opens).
pub(crate) fn empty() -> Tokens {
    RwLock::new(Arc::new(TokenIndex::default()))
}
