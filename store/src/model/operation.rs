//! The operation log's records: who changed what, when, with the stored values before and
//! after, so that a change can be shown and undone.

use serde::{Deserialize, Serialize};

use crate::keys::{Kind, unpack_digits};

/// Longest client-supplied `operation_id`.
pub const MAX_OPERATION_ID: usize = 128;

/// One write of provisioning data: every key it changed, in one record written in the same
/// synced batch as the change itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operation {
    /// Its number, increasing with every write.
    pub seq: u64,
    /// When (Unix milliseconds).
    pub time: u64,
    /// The token that made it (`None` while the API needs none).
    pub token: Option<String>,
    /// The client's group of operations (PyHSS `operation_id`), if it gave one.
    pub operation_id: Option<String>,
    /// The request (`PATCH /subscribers/{imsi}`), or what the store did (`rollback`).
    pub request: String,
    /// The kind of the main thing changed (`subscriber`, `apn_profile`, ...).
    pub entity: String,
    /// Its key as text (an IMSI, an id, a name).
    pub key: String,
    /// The operations this one rolled back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rollback_of: Vec<u64>,
    /// Every key changed.
    pub changes: Vec<Change>,
}

/// One key's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The column family's name.
    pub kind: String,
    /// The key.
    #[serde(with = "hex_bytes")]
    pub key: Vec<u8>,
    /// The value before; `None`: absent.
    pub before: Option<Stored>,
    /// The value after; `None`: deleted.
    pub after: Option<Stored>,
}

/// A stored value as the log keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stored {
    /// The value's bytes.
    Raw(#[serde(with = "hex_bytes")] Vec<u8>),
    /// Key material: only the first 8 bytes of its SHA-256, never the value.
    Fingerprint(String),
}

impl Change {
    /// The column family, if this store knows it.
    pub fn kind(&self) -> Option<Kind> {
        Kind::from_name(&self.kind)
    }
}

/// A logged value, decoded for display.
#[derive(Debug, Clone)]
pub enum Logged {
    /// A subscriber profile.
    Subscriber(super::Subscriber),
    /// An APN profile.
    ApnProfile(super::ApnProfile),
    /// A JSON document (the store keeps most records so).
    Json(serde_json::Value),
    /// Key material: its fingerprint.
    Fingerprint(String),
    /// Anything else (indexes, counters): the stored bytes.
    Bytes(Vec<u8>),
}

/// Decodes a logged value of `kind` at `key` for display.
pub fn decode_logged(kind: Kind, key: &[u8], value: &Stored) -> Logged {
    let raw = match value {
        Stored::Fingerprint(f) => return Logged::Fingerprint(f.clone()),
        Stored::Raw(raw) => raw,
    };
    let subscriber =
        <[u8; 8]>::try_from(key).ok().and_then(|k| super::Imsi::from_packed(u64::from_be_bytes(k)));
    let apn =
        <[u8; 4]>::try_from(key).ok().and_then(|k| super::ApnId::new(u32::from_be_bytes(k)).ok());
    match kind {
        Kind::Subscriber => {
            if let Some(s) = subscriber.and_then(|i| super::Subscriber::decode(i, raw).ok()) {
                return Logged::Subscriber(s);
            }
        }
        Kind::ApnProfile => {
            if let Some(p) = apn.and_then(|id| super::ApnProfile::decode(id, raw).ok()) {
                return Logged::ApnProfile(p);
            }
        }
        _ => {}
    }
    match raw.split_first() {
        Some((1, json)) if json.first() == Some(&b'{') || json.first() == Some(&b'[') => {
            serde_json::from_slice(json).map_or_else(|_| Logged::Bytes(raw.clone()), Logged::Json)
        }
        _ => Logged::Bytes(raw.clone()),
    }
}

/// Whether `kind` holds the main record of something operators provision (so an operation
/// is named after it), rather than an index or a counter.
pub(crate) fn is_entity(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Subscriber
            | Kind::Auth
            | Kind::ApnProfile
            | Kind::ImsSubscription
            | Kind::IfcSet
            | Kind::AsPermission
            | Kind::RepositoryData
            | Kind::UserDataTemplate
            | Kind::EirRule
            | Kind::RoamingProfile
            | Kind::EpsProfile
            | Kind::ApiToken
            | Kind::Meta
    )
}

/// A key of `kind` as text: an IMSI (or the store's number) for what is keyed by subscriber,
/// an id for what is keyed by a u32, text for names.
pub fn key_text(kind: Kind, key: &[u8]) -> String {
    match kind {
        Kind::Subscriber | Kind::Auth | Kind::ImsSubscription | Kind::Equipment => {
            match <[u8; 8]>::try_from(key) {
                Ok(b) => subscriber_text(u64::from_be_bytes(b)),
                Err(_) => hex(key),
            }
        }
        Kind::ApnProfile
        | Kind::IfcSet
        | Kind::UserDataTemplate
        | Kind::EirRule
        | Kind::RoamingProfile
        | Kind::EpsProfile => match <[u8; 4]>::try_from(key) {
            Ok(b) => u32::from_be_bytes(b).to_string(),
            Err(_) => hex(key),
        },
        Kind::AsPermission | Kind::ApiToken | Kind::Meta | Kind::ImpiIndex | Kind::ImpuIndex => {
            String::from_utf8_lossy(key).into_owned()
        }
        Kind::RepositoryData => match key.get(..8).and_then(|k| <[u8; 8]>::try_from(k).ok()) {
            Some(b) => subscriber_text(u64::from_be_bytes(b)),
            None => hex(key),
        },
        _ => hex(key),
    }
}

/// The stored key of an entity from its text (the inverse of [`key_text`] for entities).
pub fn key_from_text(kind: Kind, text: &str) -> Option<Vec<u8>> {
    match kind {
        Kind::Subscriber | Kind::Auth | Kind::ImsSubscription => {
            let packed = crate::keys::pack_digits(text, 1, crate::keys::MAX_DIGITS)
                .or_else(|| text.parse::<u64>().ok())?;
            Some(packed.to_be_bytes().to_vec())
        }
        Kind::ApnProfile
        | Kind::IfcSet
        | Kind::UserDataTemplate
        | Kind::EirRule
        | Kind::RoamingProfile
        | Kind::EpsProfile => text.parse::<u32>().ok().map(|id| id.to_be_bytes().to_vec()),
        Kind::AsPermission | Kind::ApiToken | Kind::Meta => Some(text.as_bytes().to_vec()),
        _ => None,
    }
}

fn subscriber_text(packed: u64) -> String {
    match unpack_digits(packed) {
        Some((len, value)) => format!("{value:0len$}"),
        None => packed.to_string(),
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

pub(crate) fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| text.get(i..i + 2).and_then(|d| u8::from_str_radix(d, 16).ok()))
        .collect()
}

mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub(super) fn serialize<S: Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::hex(b))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        super::unhex(&text).ok_or_else(|| D::Error::custom("not hex"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_as_text_and_back() {
        let imsi = crate::keys::pack_digits("001010000000001", 5, 15).unwrap().to_be_bytes();
        assert_eq!(key_text(Kind::Subscriber, &imsi), "001010000000001");
        assert_eq!(key_from_text(Kind::Subscriber, "001010000000001"), Some(imsi.to_vec()));
        assert_eq!(key_text(Kind::ApnProfile, &7u32.to_be_bytes()), "7");
        assert_eq!(key_from_text(Kind::EpsProfile, "7"), Some(7u32.to_be_bytes().to_vec()));
        assert_eq!(key_text(Kind::ApiToken, b"ops"), "ops");
        assert_eq!(key_text(Kind::MsisdnIndex, &[1, 0xab]), "01ab");
        assert_eq!(key_from_text(Kind::MsisdnIndex, "1"), None);
    }

    #[test]
    fn records_round_trip() {
        let op = Operation {
            seq: 3,
            time: 4,
            token: Some("ops".into()),
            operation_id: None,
            request: "POST /apn-profiles".into(),
            entity: "apn_profile".into(),
            key: "1".into(),
            rollback_of: vec![],
            changes: vec![Change {
                kind: "auth".into(),
                key: vec![1, 2],
                before: Some(Stored::Fingerprint("00ff".into())),
                after: Some(Stored::Raw(vec![0xde, 0xad])),
            }],
        };
        let json = serde_json::to_string(&op).unwrap();
        assert!(json.contains("\"dead\"") && json.contains("\"0102\""), "{json}");
        assert_eq!(serde_json::from_str::<Operation>(&json).unwrap(), op);
    }
}
