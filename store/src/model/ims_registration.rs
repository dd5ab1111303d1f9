//! The S-CSCF registration of an IMS subscription (written by SAR): the assigned S-CSCF and
//! the state of each implicit registration set.

use serde::{Deserialize, Serialize};

use crate::error::Corrupt;
use crate::keys::Kind;
use crate::value::{decode_json, encode_json};

/// The registration state of one implicit set (TS 29.328 IMSUserState).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationState {
    NotRegistered,
    Registered,
    /// Unregistered, with an S-CSCF assigned for services (terminating calls, SAR
    /// UNREGISTERED_USER).
    Unregistered,
}

/// What the HSS records of an IMS subscription's registration: the assigned S-CSCF (its
/// Server-Name and its Diameter identity, to which RTR and PPR go) and each implicit set's
/// state. One record per subscription, written by SAR.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImsRegistration {
    /// The S-CSCF's Server-Name (SIP URI), when one is assigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_name: Option<String>,
    /// Its Diameter Origin-Host and Origin-Realm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scscf_host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scscf_realm: Option<String>,
    /// The S-CSCF that asked a MAR and has not sent its SAR yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_server_name: Option<String>,
    /// (implicit set, state) for every set not NOT_REGISTERED.
    #[serde(default)]
    pub sets: Vec<(u8, RegistrationState)>,
    /// The private identities registered (Associated-Registered-Identities).
    #[serde(default)]
    pub registered_impis: Vec<String>,
    /// SCSCF-Restoration-Info as the S-CSCF sent it (the AVP's data), returned on SAR.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restoration_info: Vec<Vec<u8>>,
}

impl ImsRegistration {
    /// The state of implicit set `set`.
    pub fn state(&self, set: u8) -> RegistrationState {
        self.sets.iter().find(|(s, _)| *s == set).map_or(RegistrationState::NotRegistered, |p| p.1)
    }

    /// Sets the state of implicit set `set`.
    pub fn set_state(&mut self, set: u8, state: RegistrationState) {
        self.sets.retain(|(s, _)| *s != set);
        if state != RegistrationState::NotRegistered {
            self.sets.push((set, state));
            self.sets.sort_unstable_by_key(|(s, _)| *s);
        }
    }

    /// Whether any set is registered or unregistered with an S-CSCF.
    pub fn any_assigned(&self) -> bool {
        !self.sets.is_empty()
    }

    pub(crate) fn encode(&self) -> Vec<u8> {
        encode_json(self)
    }

    pub(crate) fn decode(value: &[u8]) -> Result<Self, Corrupt> {
        decode_json(Kind::ImsRegistration, value, "IMS document does not decode")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_states() {
        let mut r = ImsRegistration::default();
        assert_eq!(r.state(0), RegistrationState::NotRegistered);
        r.set_state(1, RegistrationState::Registered);
        r.set_state(0, RegistrationState::Unregistered);
        assert_eq!(
            r.sets,
            vec![(0, RegistrationState::Unregistered), (1, RegistrationState::Registered)]
        );
        r.set_state(1, RegistrationState::NotRegistered);
        assert!(r.any_assigned());
        assert_eq!(ImsRegistration::decode(&r.encode()).expect("decodes"), r);
    }
}
