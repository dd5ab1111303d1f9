//! Tokens of the REST API: a name, the scopes it grants, when it was made and when it ends. The
//! secret itself is never stored; only its keyed digest (see `service/token.rs`).

use serde::{Deserialize, Serialize};

use crate::error::InvalidField;

/// Longest token name.
pub const MAX_TOKEN_NAME: usize = 64;

/// What a token may do. `admin` grants every scope; `write` and `secrets` each grant `read`
/// too (a client that changes data or fetches vectors can see what it works on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Read provisioning data, state, the operation log.
    Read,
    /// Create, change and delete provisioning data; send network requests (detach, push).
    Write,
    /// Reveal or generate key material: credentials, authentication vectors, resync.
    Secrets,
    /// Manage tokens, roll operations back.
    Admin,
}

impl Scope {
    /// Every scope, in order.
    pub const ALL: [Scope; 4] = [Scope::Read, Scope::Write, Scope::Secrets, Scope::Admin];

    /// The scope's name in the API.
    pub const fn name(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
            Scope::Secrets => "secrets",
            Scope::Admin => "admin",
        }
    }

    /// Whether holding `self` grants `needed`.
    pub fn grants(self, needed: Scope) -> bool {
        self == needed || self == Scope::Admin || (needed == Scope::Read && self != Scope::Read)
    }
}

/// A token as stored: everything but the secret, plus the secret's keyed digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    /// Unique name, shown in the operation log (`[A-Za-z0-9._-]`, 1 to 64 characters).
    pub name: String,
    /// The scopes it grants (at least one, no repeats).
    pub scopes: Vec<Scope>,
    /// When it was created (Unix seconds).
    pub created: u64,
    /// When it stops being accepted (Unix seconds); `None`: never.
    pub expires: Option<u64>,
    /// HMAC-SHA-256 of the secret under the store's token key.
    #[serde(with = "digest_hex")]
    pub(crate) digest: [u8; 32],
}

impl ApiToken {
    /// Whether the token grants `needed`.
    pub fn grants(&self, needed: Scope) -> bool {
        self.scopes.iter().any(|s| s.grants(needed))
    }

    /// Whether the token is past its expiry at `now` (Unix seconds).
    pub fn expired(&self, now: u64) -> bool {
        self.expires.is_some_and(|e| now >= e)
    }
}

/// Checks a new token's name and scopes.
pub fn validate_token(name: &str, scopes: &[Scope]) -> Result<(), InvalidField> {
    let name_ok = !name.is_empty()
        && name.len() <= MAX_TOKEN_NAME
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if !name_ok {
        return Err(InvalidField::new("name", "must be 1 to 64 characters of A-Z a-z 0-9 . _ -"));
    }
    if scopes.is_empty() {
        return Err(InvalidField::new("scopes", "must name at least one scope"));
    }
    let mut seen = scopes.to_vec();
    seen.sort_unstable();
    seen.dedup();
    if seen.len() != scopes.len() {
        return Err(InvalidField::new("scopes", "must not repeat a scope"));
    }
    Ok(())
}

mod digest_hex {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub(super) fn serialize<S: Serializer>(d: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        let mut text = String::with_capacity(64);
        for b in d {
            text.push_str(&format!("{b:02x}"));
        }
        s.serialize_str(&text)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let text = String::deserialize(d)?;
        let mut out = [0u8; 32];
        if text.len() != 64 {
            return Err(D::Error::custom("digest: 64 hex digits expected"));
        }
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = u8::from_str_radix(&text[2 * i..2 * i + 2], 16)
                .map_err(|_| D::Error::custom("digest: not hex"))?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_grant_as_documented() {
        use Scope::*;
        assert!(Admin.grants(Secrets) && Admin.grants(Read) && Admin.grants(Write));
        assert!(Write.grants(Read) && Secrets.grants(Read));
        assert!(!Write.grants(Secrets) && !Write.grants(Admin));
        assert!(!Secrets.grants(Write) && !Read.grants(Write) && !Read.grants(Secrets));
    }

    #[test]
    fn names_and_scopes_are_checked() {
        assert!(validate_token("ops-1.backup_2", &[Scope::Read]).is_ok());
        for bad in ["", "a b", "é", &"x".repeat(65)] {
            assert_eq!(validate_token(bad, &[Scope::Read]).unwrap_err().field, "name");
        }
        assert_eq!(validate_token("a", &[]).unwrap_err().field, "scopes");
        assert_eq!(validate_token("a", &[Scope::Read, Scope::Read]).unwrap_err().field, "scopes");
    }

    #[test]
    fn the_digest_round_trips_as_hex() {
        let t = ApiToken {
            name: "n".into(),
            scopes: vec![Scope::Admin],
            created: 1,
            expires: None,
            digest: [0xab; 32],
        };
        let json = serde_json::to_string(&t).unwrap();
        assert!(json.contains(&"ab".repeat(32)));
        assert_eq!(serde_json::from_str::<ApiToken>(&json).unwrap(), t);
    }
}
