//! The Sh-Data XML document (TS 29.328 Annex D, ShDataType.xsd) of UDA, SNA and PNR, and the
//! repository data a PUR carries in one.
//!
//! ```text
//! Sh-Data
//!   PublicIdentifiers?       IMSPublicIdentity* (Data-Reference 10), MSISDN* (17)
//!   RepositoryData*          ServiceIndication, SequenceNumber, ServiceData? (0)
//!   Sh-IMS-Data?             S-CSCFName? (12), IFCs? (13), IMSUserState? (11),
//!                            ChargingInformation? (16)
//! ```

use std::fmt::Write as _;

use codec::view::sh::{DataReference, IdentitySet};
use store::{CachedIms, RegistrationState, RepositoryData};

use crate::apps::cx::user_data::{initial_filter_criteria, number, text};

/// IMSUserState (TS 29.328 §7.6.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UserState {
    NotRegistered = 0,
    Registered = 1,
    RegisteredUnregServices = 2,
    AuthenticationPending = 3,
}

/// What one Sh-Data document holds, gathered before it is written.
#[derive(Debug, Default)]
pub(super) struct ShData<'a> {
    pub identities: Vec<&'a str>,
    pub msisdns: Vec<&'a str>,
    pub repository: Vec<RepositoryData>,
    pub scscf_name: Option<String>,
    /// The iFCs (`None`: not asked for).
    pub ifcs: Option<Vec<&'a store::Ifc>>,
    pub user_state: Option<UserState>,
    pub charging: Option<&'a store::ChargingAddresses>,
}

impl<'a> ShData<'a> {
    /// Adds what Data-Reference `dref` names for public identity `impu` (its index) of `entry`;
    /// false for a Data-Reference this HSS does not hold. `service_indications` are those of
    /// the request (repository data), `server_name` the AS's (iFCs), `sets` its Identity-Sets.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        entry: &'a CachedIms,
        impu: usize,
        dref: DataReference,
        repository: impl FnOnce() -> Vec<RepositoryData>,
        server_name: Option<&str>,
        sets: &[IdentitySet],
    ) -> bool {
        let sub = entry.subscription();
        let public = &sub.public_identities[impu];
        match dref {
            DataReference::REPOSITORY_DATA => self.repository.extend(repository()),
            DataReference::IMS_PUBLIC_IDENTITY => {
                let registration = entry.registration();
                let all = sets.is_empty() || sets.contains(&IdentitySet::ALL_IDENTITIES);
                for p in &sub.public_identities {
                    let wanted = all
                        || (sets.contains(&IdentitySet::IMPLICIT_IDENTITIES)
                            && p.implicit_set == public.implicit_set)
                        || (sets.contains(&IdentitySet::ALIAS_IDENTITIES)
                            && p.implicit_set == public.implicit_set
                            && p.service_profile == public.service_profile)
                        || (sets.contains(&IdentitySet::REGISTERED_IDENTITIES)
                            && registration.state(p.implicit_set) == RegistrationState::Registered);
                    if wanted && !self.identities.contains(&p.impu.as_str()) {
                        self.identities.push(&p.impu);
                    }
                }
            }
            DataReference::MSISDN => {
                self.msisdns
                    .extend(sub.public_identities.iter().filter_map(|p| p.msisdn.as_deref()));
                self.msisdns.dedup();
            }
            DataReference::IMS_USER_STATE => {
                let r = entry.registration();
                self.user_state = Some(match r.state(public.implicit_set) {
                    RegistrationState::Registered => UserState::Registered,
                    RegistrationState::Unregistered => UserState::RegisteredUnregServices,
                    RegistrationState::NotRegistered if r.pending_server_name.is_some() => {
                        UserState::AuthenticationPending
                    }
                    RegistrationState::NotRegistered => UserState::NotRegistered,
                });
            }
            DataReference::S_CSCF_NAME => {
                self.scscf_name = entry.registration().server_name;
            }
            DataReference::INITIAL_FILTER_CRITERIA => {
                // TS 29.328 §7.6.5: the iFCs that send to the asking AS (all without a
                // Server-Name).
                let ifcs = entry
                    .ifcs(usize::from(public.service_profile))
                    .iter()
                    .filter(|i| server_name.is_none_or(|s| i.application_server.server_name == s));
                self.ifcs = Some(ifcs.collect());
            }
            DataReference::CHARGING_INFORMATION => self.charging = Some(&sub.charging),
            _ => return false,
        }
        true
    }

    /// The document.
    pub fn render(&self) -> Vec<u8> {
        let mut x = String::with_capacity(512);
        x.push_str(r#"<?xml version="1.0" encoding="UTF-8"?><Sh-Data>"#);
        if !self.identities.is_empty() || !self.msisdns.is_empty() {
            x.push_str("<PublicIdentifiers>");
            for i in &self.identities {
                text(&mut x, "IMSPublicIdentity", i);
            }
            for m in &self.msisdns {
                text(&mut x, "MSISDN", m);
            }
            x.push_str("</PublicIdentifiers>");
        }
        for r in &self.repository {
            x.push_str("<RepositoryData>");
            text(&mut x, "ServiceIndication", &String::from_utf8_lossy(&r.service_indication));
            number(&mut x, "SequenceNumber", r.sequence_number);
            // Stored as the AS sent it, checked to be well-formed XML content.
            let _ = write!(
                x,
                "<ServiceData>{}</ServiceData>",
                String::from_utf8_lossy(&r.service_data)
            );
            x.push_str("</RepositoryData>");
        }
        let ims = self.scscf_name.is_some()
            || self.ifcs.is_some()
            || self.user_state.is_some()
            || self.charging.is_some_and(|c| !c.is_empty());
        if ims {
            x.push_str("<Sh-IMS-Data>");
            if let Some(name) = &self.scscf_name {
                text(&mut x, "S-CSCFName", name);
            }
            if let Some(ifcs) = self.ifcs.as_ref().filter(|i| !i.is_empty()) {
                x.push_str("<IFCs>");
                for ifc in ifcs {
                    initial_filter_criteria(&mut x, ifc);
                }
                x.push_str("</IFCs>");
            }
            if let Some(state) = self.user_state {
                number(&mut x, "IMSUserState", state as u8);
            }
            if let Some(c) = self.charging.filter(|c| !c.is_empty()) {
                x.push_str("<ChargingInformation>");
                for (name, v) in [
                    ("PrimaryEventChargingFunctionName", &c.primary_ecf),
                    ("SecondaryEventChargingFunctionName", &c.secondary_ecf),
                    ("PrimaryChargingCollectionFunctionName", &c.primary_ccf),
                    ("SecondaryChargingCollectionFunctionName", &c.secondary_ccf),
                ] {
                    if let Some(v) = v {
                        text(&mut x, name, v);
                    }
                }
                x.push_str("</ChargingInformation>");
            }
            x.push_str("</Sh-IMS-Data>");
        }
        x.push_str("</Sh-Data>");
        x.into_bytes()
    }
}

/// One RepositoryData element of a PUR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RepositoryUpdate {
    pub service_indication: Vec<u8>,
    pub sequence_number: u16,
    /// `None`: the AS deletes the data.
    pub service_data: Option<Vec<u8>>,
}

/// The RepositoryData elements of a PUR's Sh-Data; `None` when the document is not Sh-Data
/// with at least one well-formed RepositoryData (DIAMETER_ERROR_USER_DATA_NOT_RECOGNIZED).
pub(super) fn repository_updates(user_data: &[u8]) -> Option<Vec<RepositoryUpdate>> {
    let xml = std::str::from_utf8(user_data).ok()?;
    let doc = roxmltree::Document::parse(xml).ok()?;
    let root = doc.root_element();
    if root.tag_name().name() != "Sh-Data" {
        return None;
    }
    let mut updates = Vec::new();
    for rd in root.children().filter(|n| n.is_element() && n.tag_name().name() == "RepositoryData")
    {
        let child =
            |name: &str| rd.children().find(|n| n.is_element() && n.tag_name().name() == name);
        let si = child("ServiceIndication")?.text()?.trim().as_bytes().to_vec();
        let seq = child("SequenceNumber")?.text()?.trim().parse::<u16>().ok()?;
        let data = child("ServiceData").map(|sd| {
            // The element's content as the AS wrote it: from the end of its start tag to the
            // start of its end tag.
            match (sd.first_child(), sd.last_child()) {
                (Some(first), Some(last)) => {
                    let range = first.range().start..last.range().end;
                    xml.as_bytes().get(range).unwrap_or_default().to_vec()
                }
                _ => Vec::new(),
            }
        });
        updates.push(RepositoryUpdate {
            service_indication: si,
            sequence_number: seq,
            service_data: data,
        });
    }
    (!updates.is_empty()).then_some(updates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pur_document_gives_its_updates() {
        let doc = br#"<?xml version="1.0"?><Sh-Data><RepositoryData><ServiceIndication>MMTEL-Services</ServiceIndication><SequenceNumber>3</SequenceNumber><ServiceData><simservs><cdiv active="true"/></simservs></ServiceData></RepositoryData><RepositoryData><ServiceIndication>gone</ServiceIndication><SequenceNumber>7</SequenceNumber></RepositoryData></Sh-Data>"#;
        let u = repository_updates(doc).expect("recognised");
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].service_indication, b"MMTEL-Services");
        assert_eq!(u[0].sequence_number, 3);
        assert_eq!(
            u[0].service_data.as_deref(),
            Some(&br#"<simservs><cdiv active="true"/></simservs>"#[..])
        );
        assert_eq!((u[1].sequence_number, u[1].service_data.as_deref()), (7, None));
    }

    #[test]
    fn other_documents_are_not_recognised() {
        for doc in [
            &b"<Sh-Data/>"[..],
            b"<Other><RepositoryData/></Other>",
            b"<Sh-Data><RepositoryData><ServiceIndication>x</ServiceIndication><SequenceNumber>70000</SequenceNumber></RepositoryData></Sh-Data>",
            b"<Sh-Data><RepositoryData>",
            b"\xff\xfe",
            b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]><Sh-Data/>",
        ] {
            assert_eq!(repository_updates(doc), None, "{}", String::from_utf8_lossy(doc));
        }
    }
}
