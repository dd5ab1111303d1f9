//! OAM lists with filters and cursors: subscribers by status, APN/EPS/roaming profile, serving
//! MME, IMSI or MSISDN prefix; who a node serves (MME, AAA server, S-CSCF).
//!
//! A cursor is the last key looked at; the next page seeks past it, so a page deep into a
//! large store costs what the first costs. Each page looks at [`SCAN_BUDGET`] records at most:
//! a selective filter may answer fewer items than asked, with a cursor to go on from.
//!
//! The source of a subscriber listing is the narrowest one the filter allows: the APN or EPS
//! profile's index, the IMSI ranges of a prefix (packed IMSIs of one length are in numeric
//! order, so a prefix is one range per length), or every subscriber.

use super::Store;
use crate::backend::Entries;
use crate::error::{InvalidField, StoreError};
use crate::keys::{self, Kind, MAX_DIGITS, pack_digits};
use crate::model::{
    ImsRegistration, Imsi, NodeKind, ServingNode, Subscriber, SubscriberRecord, SubscriberStatus,
};
use crate::service::MAX_PAGE_SIZE;
use crate::value;

/// Most records one page looks at.
pub const SCAN_BUDGET: usize = 10_000;

/// Records read from the backend at a time.
const CHUNK: usize = 256;

/// Which subscribers a listing wants (every field that is set must match).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubscriberFilter {
    /// Of this status.
    pub status: Option<SubscriberStatus>,
    /// Using this APN profile.
    pub apn_profile: Option<u32>,
    /// Naming this EPS profile.
    pub eps_profile: Option<u32>,
    /// Naming this roaming profile (their own, not one through an EPS profile).
    pub roaming_profile: Option<u32>,
    /// Registered with this MME (host, case-insensitive).
    pub serving_mme: Option<String>,
    /// Whose IMSI starts with these digits.
    pub imsi_prefix: Option<String>,
    /// Whose MSISDN, or one of their extra MSISDNs, starts with these digits.
    pub msisdn_prefix: Option<String>,
}

/// A page of a cursor listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CursorPage<T> {
    /// The items, in key order.
    pub items: Vec<T>,
    /// Where the next page starts (after this IMSI); `None`: the end.
    pub next: Option<Imsi>,
}

/// A subscriber a node serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    /// The subscriber.
    pub imsi: Imsi,
    /// The node's record (host, realm, time; for an S-CSCF, its server name as host).
    pub node: ServingNode,
}

/// Which kind of node `served_by` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeRole {
    /// MMEs (S6a ULR).
    Mme,
    /// 3GPP AAA servers (SWx SAR).
    Aaa,
    /// S-CSCFs (Cx SAR).
    Scscf,
}

/// A range of keys to read: `[start, end)`, and where the packed IMSI sits in each key.
struct Source {
    kind: Kind,
    start: Vec<u8>,
    end: Option<Vec<u8>>,
    imsi_at: usize,
}

fn digits(field: &'static str, text: &str) -> Result<(), StoreError> {
    if text.is_empty() || text.len() > MAX_DIGITS || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InvalidField::new(field, "must be 1 to 15 digits").into());
    }
    Ok(())
}

/// The subscriber-key ranges of the IMSIs starting with `prefix`, one per length.
fn prefix_ranges(prefix: &str) -> Vec<(u64, u64)> {
    let value: u64 = prefix.parse().unwrap_or(0);
    (prefix.len().max(crate::model::IMSI_MIN_DIGITS)..=MAX_DIGITS)
        .filter_map(|len| {
            let scale = 10u64.pow((len - prefix.len()) as u32);
            let first = format!("{:0len$}", value * scale);
            let start = pack_digits(&first, len, len)?;
            // One past the last IMSI of this length with the prefix.
            Some((start, start + scale))
        })
        .collect()
}

impl SubscriberFilter {
    fn check(&self) -> Result<(), StoreError> {
        if let Some(p) = &self.imsi_prefix {
            digits("imsi_prefix", p)?;
        }
        if let Some(p) = &self.msisdn_prefix {
            digits("msisdn_prefix", p)?;
        }
        Ok(())
    }

    fn sources(&self) -> Vec<Source> {
        let index = |kind, id: u32| Source {
            kind,
            start: id.to_be_bytes().to_vec(),
            end: id.checked_add(1).map(|n| n.to_be_bytes().to_vec()),
            imsi_at: 4,
        };
        if let Some(id) = self.apn_profile {
            return vec![index(Kind::ApnIndex, id)];
        }
        if let Some(id) = self.eps_profile {
            return vec![index(Kind::EpsProfileIndex, id)];
        }
        if let Some(p) = &self.imsi_prefix {
            return prefix_ranges(p)
                .into_iter()
                .map(|(start, end)| Source {
                    kind: Kind::Subscriber,
                    start: keys::subscriber_key(start).to_vec(),
                    end: Some(keys::subscriber_key(end).to_vec()),
                    imsi_at: 0,
                })
                .collect();
        }
        vec![Source { kind: Kind::Subscriber, start: Vec::new(), end: None, imsi_at: 0 }]
    }

    /// Whether `s` matches; `serving` is its MME, read only when the filter names one.
    fn matches(&self, s: &Subscriber, serving: Option<&ServingNode>) -> bool {
        let msisdn_ok = self.msisdn_prefix.as_ref().is_none_or(|p| {
            s.msisdn.iter().chain(&s.options.extra_msisdns).any(|m| m.to_string().starts_with(p))
        });
        self.status.is_none_or(|st| s.status == st)
            && self.apn_profile.is_none_or(|id| s.apns.iter().any(|a| a.profile.get() == id))
            && self.eps_profile.is_none_or(|id| s.options.eps_profile == Some(id))
            && self.roaming_profile.is_none_or(|id| s.options.roaming_profile == Some(id))
            && self.imsi_prefix.as_ref().is_none_or(|p| s.imsi.to_string().starts_with(p))
            && msisdn_ok
            && self
                .serving_mme
                .as_ref()
                .is_none_or(|host| serving.is_some_and(|n| n.host.eq_ignore_ascii_case(host)))
    }
}

impl Store {
    /// Subscribers matching `filter` after IMSI `after`, at most `limit` (1 to 1000), looking
    /// at [`SCAN_BUDGET`] records at most.
    pub fn find_subscribers(
        &self,
        filter: &SubscriberFilter,
        after: Option<Imsi>,
        limit: usize,
    ) -> Result<CursorPage<SubscriberRecord>, StoreError> {
        if limit == 0 || limit > MAX_PAGE_SIZE {
            return Err(InvalidField::new("limit", "must be 1..=1000").into());
        }
        filter.check()?;
        let mut items = Vec::new();
        let mut looked = 0;
        for source in filter.sources() {
            let mut start = source.start.clone();
            if let Some(after) = after {
                let mut past = start[..source.imsi_at].to_vec();
                past.extend_from_slice(&keys::subscriber_key(after.packed().saturating_add(1)));
                start = start.max(past);
            }
            loop {
                let mut entries = Entries::new();
                let end = source.end.as_deref();
                self.backend.scan_range(source.kind, &start, end, CHUNK, &mut entries)?;
                let Some((last, _)) = entries.last() else { break };
                start = last.clone();
                start.push(0);
                for (key, value) in &entries {
                    let packed = key
                        .get(source.imsi_at..source.imsi_at + 8)
                        .and_then(|b| <[u8; 8]>::try_from(b).ok())
                        .map(u64::from_be_bytes);
                    let Some(imsi) = packed.and_then(Imsi::from_packed) else { continue };
                    looked += 1;
                    let subscriber = if source.kind == Kind::Subscriber {
                        Subscriber::decode(imsi, value).map_err(super::corrupt)?
                    } else {
                        match self.subscriber(imsi) {
                            Ok(r) => r.subscriber,
                            Err(StoreError::NotFound(_) | StoreError::UnknownSubscriber) => {
                                continue;
                            }
                            Err(e) => return Err(e),
                        }
                    };
                    // The MME is read once: before the match when the filter names one, else
                    // only for a subscriber that matched.
                    let by_mme = filter.serving_mme.is_some();
                    let serving = match by_mme {
                        true => self.serving_node(imsi.key(), NodeKind::Mme)?,
                        false => None,
                    };
                    if filter.matches(&subscriber, serving.as_ref()) {
                        let serving_mme = match by_mme {
                            true => serving,
                            false => self.serving_node(imsi.key(), NodeKind::Mme)?,
                        };
                        items.push(SubscriberRecord { subscriber, serving_mme });
                        if items.len() == limit {
                            return Ok(CursorPage { items, next: Some(imsi) });
                        }
                    }
                    if looked == SCAN_BUDGET {
                        return Ok(CursorPage { items, next: Some(imsi) });
                    }
                }
                if entries.len() < CHUNK {
                    break;
                }
            }
        }
        Ok(CursorPage { items, next: None })
    }

    /// The subscribers `host` serves as a `role`, after IMSI `after`, at most `limit`,
    /// looking at [`SCAN_BUDGET`] records at most.
    pub fn served_by(
        &self,
        role: NodeRole,
        host: &str,
        after: Option<Imsi>,
        limit: usize,
    ) -> Result<CursorPage<Served>, StoreError> {
        if limit == 0 || limit > MAX_PAGE_SIZE {
            return Err(InvalidField::new("limit", "must be 1..=1000").into());
        }
        let kind = match role {
            NodeRole::Mme | NodeRole::Aaa => Kind::ServingNode,
            NodeRole::Scscf => Kind::ImsRegistration,
        };
        let mut start = after
            .map(|a| keys::subscriber_key(a.packed().saturating_add(1)).to_vec())
            .unwrap_or_default();
        let mut items = Vec::new();
        let mut looked = 0;
        loop {
            let mut entries = Entries::new();
            self.backend.scan_range(kind, &start, None, CHUNK, &mut entries)?;
            let Some((last, _)) = entries.last() else { break };
            start = last.clone();
            start.push(0);
            for (key, value) in &entries {
                let packed = key.get(..8).and_then(|b| <[u8; 8]>::try_from(b).ok());
                let Some(imsi) = packed.map(u64::from_be_bytes).and_then(Imsi::from_packed) else {
                    continue;
                };
                looked += 1;
                let node = match role {
                    NodeRole::Mme | NodeRole::Aaa => {
                        let wanted =
                            if role == NodeRole::Mme { NodeKind::Mme } else { NodeKind::Aaa };
                        if key.get(8) != Some(&wanted.code()) {
                            None
                        } else {
                            Some(ServingNode::decode(value).map_err(super::corrupt)?)
                        }
                    }
                    NodeRole::Scscf => {
                        let reg: ImsRegistration =
                            value::decode_json(kind, value, "bad IMS registration")?;
                        let name = reg.server_name.clone().or(reg.scscf_host.clone());
                        name.map(|name| ServingNode {
                            host: name,
                            realm: reg.scscf_realm.clone().unwrap_or_default(),
                            updated_at: std::time::UNIX_EPOCH,
                            rat_type: None,
                        })
                    }
                };
                if let Some(node) =
                    node.filter(|n| n.host.eq_ignore_ascii_case(host) || same_server(&n.host, host))
                {
                    items.push(Served { imsi, node });
                    if items.len() == limit {
                        return Ok(CursorPage { items, next: Some(imsi) });
                    }
                }
                if looked == SCAN_BUDGET {
                    return Ok(CursorPage { items, next: Some(imsi) });
                }
            }
            if entries.len() < CHUNK {
                break;
            }
        }
        Ok(CursorPage { items, next: None })
    }
}

/// Whether an S-CSCF server name (`sip:scscf.ims.example:6060`) names `host`.
fn same_server(name: &str, host: &str) -> bool {
    let rest = name.strip_prefix("sip:").or_else(|| name.strip_prefix("sips:")).unwrap_or(name);
    let end = rest.find([':', ';', '/']).unwrap_or(rest.len());
    rest[..end].eq_ignore_ascii_case(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_is_one_range_per_length() {
        let ranges = prefix_ranges("00101");
        assert_eq!(ranges.len(), 11, "lengths 5 to 15");
        let inside = |imsi: &str| {
            let p = pack_digits(imsi, 5, 15).unwrap();
            ranges.iter().any(|(s, e)| (*s..*e).contains(&p))
        };
        assert!(inside("00101") && inside("001010000000001") && inside("001019999999999"));
        assert!(!inside("001020000000001") && !inside("00100") && !inside("1010000000001"));
        assert_eq!(prefix_ranges("0010100000000011").len(), 0, "longer than an IMSI");
    }

    #[test]
    fn server_names_match_their_host() {
        assert!(same_server("sip:scscf.ims.example:6060", "SCSCF.ims.example"));
        assert!(same_server("scscf.ims.example", "scscf.ims.example"));
        assert!(!same_server("sip:scscf2.ims.example", "scscf.ims.example"));
    }
}
