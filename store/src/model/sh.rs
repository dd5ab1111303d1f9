//! The Sh data model (TS 29.328): repository data (transparent data an application server
//! keeps per public identity and Service-Indication, with its SequenceNumber), the AS
//! permission list of §6.2 (which Data-References each AS may read, update and subscribe to),
//! and the subscriptions to notifications (SNR) an AS holds.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::error::{Corrupt, InvalidField};
use crate::keys::Kind;
use crate::model::MAX_IDENTITY_LEN;
use crate::value::{Reader, Writer};

/// Largest ServiceData kept for one (identity, Service-Indication).
pub const MAX_SERVICE_DATA: usize = 64 * 1024;
/// Longest Service-Indication.
pub const MAX_SERVICE_INDICATION: usize = 255;

/// One piece of repository data (TS 29.328 §7.6.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepositoryData {
    pub service_indication: Vec<u8>,
    /// 0 when created; each update adds one, 65535 wraps to 1 (TS 29.328 §6.1.2.1).
    pub sequence_number: u16,
    /// The ServiceData element's content (XML), as the AS sent it.
    pub service_data: Vec<u8>,
}

impl RepositoryData {
    /// The sequence number the next update must carry.
    pub const fn next_sequence(current: u16) -> u16 {
        if current == u16::MAX { 1 } else { current + 1 }
    }

    /// `v1: sequence u16 | data (rest)`
    pub(crate) fn encode_value(sequence: u16, data: &[u8]) -> Vec<u8> {
        let mut w = Writer::new(REPOSITORY_V1);
        w.bytes(&sequence.to_be_bytes()).bytes(data);
        w.finish()
    }

    pub(crate) fn decode_value(service_indication: &[u8], value: &[u8]) -> Result<Self, Corrupt> {
        let mut r = Reader::new(Kind::RepositoryData, value, REPOSITORY_V1)?;
        let sequence_number = r.u16()?;
        let service_data = r.rest().to_vec();
        Ok(Self { service_indication: service_indication.to_vec(), sequence_number, service_data })
    }
}

const REPOSITORY_V1: u8 = 1;

/// Checks a Service-Indication and ServiceData before they are stored.
pub fn validate_repository(service_indication: &[u8], data: &[u8]) -> Result<(), InvalidField> {
    if service_indication.is_empty() || service_indication.len() > MAX_SERVICE_INDICATION {
        return Err(InvalidField::new("service_indication", "must be 1 to 255 octets"));
    }
    if data.len() > MAX_SERVICE_DATA {
        return Err(InvalidField::new("service_data", "at most 65536 octets"));
    }
    Ok(())
}

/// What an application server may do over Sh (TS 29.328 §6.2): the Data-Reference values it
/// may read (UDR), update (PUR) and subscribe to (SNR). Keyed by the AS's Origin-Host, or by a
/// realm for every AS of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AsPermissions {
    /// The AS's DiameterIdentity (Origin-Host), or a realm.
    pub name: String,
    #[serde(default)]
    pub udr: Vec<u32>,
    #[serde(default)]
    pub pur: Vec<u32>,
    #[serde(default)]
    pub snr: Vec<u32>,
}

impl AsPermissions {
    /// Checks the name and the Data-Reference lists.
    pub fn validate(&self) -> Result<(), InvalidField> {
        let name_ok = !self.name.is_empty()
            && self.name.len() <= MAX_IDENTITY_LEN
            && self.name.bytes().all(|b| b.is_ascii_graphic());
        if !name_ok {
            return Err(InvalidField::new("name", "must be a DiameterIdentity of 1 to 255 octets"));
        }
        for (list, field) in [(&self.udr, "udr"), (&self.pur, "pur"), (&self.snr, "snr")] {
            if list.len() > 64 || list.iter().any(|d| *d > 255) {
                return Err(InvalidField::new(
                    field,
                    "at most 64 Data-Reference values, each 0 to 255",
                ));
            }
        }
        Ok(())
    }

    /// The index form of a name: lowercase (DiameterIdentities compare without case).
    pub fn key(name: &str) -> String {
        name.to_ascii_lowercase()
    }

    pub(crate) fn encode(&self) -> Vec<u8> {
        crate::value::encode_json(self)
    }

    pub(crate) fn decode(value: &[u8]) -> Result<Self, Corrupt> {
        crate::value::decode_json(Kind::AsPermission, value, "permissions do not decode")
    }
}

/// A subscription of an AS to changes of one piece of a user's data (SNR).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShSubscription {
    /// The public identity it is about.
    pub impu: String,
    pub data_reference: u32,
    /// For repository data: the Service-Indication; empty otherwise.
    pub service_indication: Vec<u8>,
    /// Where PNR goes: the AS's Origin-Host and Origin-Realm.
    pub as_host: String,
    pub as_realm: String,
    /// When it lapses; `None`: never.
    pub expiry: Option<SystemTime>,
}

impl ShSubscription {
    /// Whether it has lapsed at `now`.
    pub fn expired(&self, now: SystemTime) -> bool {
        self.expiry.is_some_and(|e| e <= now)
    }

    /// `v1: realm str | expiry u64 (ms since the epoch, 0 = never)`
    pub(crate) fn encode_value(&self) -> Vec<u8> {
        let millis = self
            .expiry
            .map(|e| e.duration_since(UNIX_EPOCH).unwrap_or_default().as_millis().max(1))
            .unwrap_or(0);
        let mut w = Writer::new(SUBSCRIPTION_V1);
        w.str(&self.as_realm).u64(u64::try_from(millis).unwrap_or(u64::MAX));
        w.finish()
    }

    pub(crate) fn decode_value(
        impu: String,
        data_reference: u32,
        service_indication: Vec<u8>,
        as_host: String,
        value: &[u8],
    ) -> Result<Self, Corrupt> {
        let mut r = Reader::new(Kind::ShSubscription, value, SUBSCRIPTION_V1)?;
        let as_realm = r.str_ref()?.to_owned();
        let millis = r.u64()?;
        r.finish()?;
        let expiry = (millis != 0).then(|| UNIX_EPOCH + Duration::from_millis(millis));
        Ok(Self { impu, data_reference, service_indication, as_host, as_realm, expiry })
    }
}

const SUBSCRIPTION_V1: u8 = 1;
