//! Roaming profiles: per visited PLMN, whether a subscriber may use data (S6a) and IMS (Cx)
//! there, and what applies in a PLMN the profile does not list. Subscribers name one in
//! `SubscriptionOptions::roaming_profile`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::auc::PlmnId;
use crate::error::InvalidField;

/// Most rules (visited PLMNs) one profile lists.
pub const MAX_ROAMING_RULES: usize = 2048;
/// Longest profile name.
const MAX_NAME_LEN: usize = 128;

/// A roaming profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoamingProfile {
    /// Its id (non-zero); the store numbers it when created without one.
    #[serde(default)]
    pub id: u32,
    pub name: String,
    /// Data (S6a) in a PLMN no rule lists.
    pub default_data: bool,
    /// IMS (Cx) in a PLMN no rule lists.
    pub default_ims: bool,
    /// One rule per visited PLMN.
    #[serde(default)]
    pub rules: Vec<RoamingRule>,
}

/// What a profile allows in one visited PLMN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoamingRule {
    /// Three digits.
    pub mcc: String,
    /// Two or three digits.
    pub mnc: String,
    /// Data (S6a AIR and ULR) allowed.
    pub data: bool,
    /// IMS (Cx UAR) allowed.
    pub ims: bool,
}

/// A service a roaming rule governs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoamingService {
    /// EPS data: S6a/S6d.
    Data,
    /// IMS registration: Cx.
    Ims,
}

impl RoamingProfile {
    /// Checks every field; the first failure names its field.
    pub fn validate(&self) -> Result<(), InvalidField> {
        if self.name.is_empty() || self.name.len() > MAX_NAME_LEN {
            return Err(InvalidField::new("name", "must be 1 to 128 octets"));
        }
        if self.rules.len() > MAX_ROAMING_RULES {
            return Err(InvalidField::new("rules", "must list at most 2048 PLMNs"));
        }
        let mut seen = Vec::with_capacity(self.rules.len());
        for r in &self.rules {
            let plmn = r.plmn()?;
            if seen.contains(&plmn) {
                return Err(InvalidField::new("rules", "lists a PLMN twice"));
            }
            seen.push(plmn);
        }
        Ok(())
    }
}

/// A profile as roaming checks use it: its rules keyed by Visited-PLMN-Id octets, so a check
/// is a hash lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoamingRules {
    /// (data, IMS) in a PLMN no rule lists.
    default: (bool, bool),
    /// (data, IMS) per visited PLMN.
    rules: HashMap<[u8; 3], (bool, bool)>,
}

impl RoamingRules {
    /// The rules of `profile` (a rule whose PLMN does not parse, which validation refuses,
    /// is left out).
    pub fn of(profile: &RoamingProfile) -> Self {
        let rules = (profile.rules.iter())
            .filter_map(|r| Some((*r.plmn().ok()?.as_bytes(), (r.data, r.ims))))
            .collect();
        Self { default: (profile.default_data, profile.default_ims), rules }
    }

    /// Whether `service` is allowed in a visited network that may be any of `candidates`
    /// (Visited-PLMN-Id octets): the first candidate with a rule decides, else the default.
    pub fn allows(&self, candidates: &[[u8; 3]], service: RoamingService) -> bool {
        let (data, ims) =
            candidates.iter().find_map(|c| self.rules.get(c)).copied().unwrap_or(self.default);
        match service {
            RoamingService::Data => data,
            RoamingService::Ims => ims,
        }
    }
}

impl RoamingRule {
    /// The rule's PLMN.
    pub fn plmn(&self) -> Result<PlmnId, InvalidField> {
        PlmnId::from_mcc_mnc(&self.mcc, &self.mnc)
            .map_err(|_| InvalidField::new("rules", "mcc must be 3 digits and mnc 2 or 3"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> RoamingProfile {
        RoamingProfile {
            id: 1,
            name: "eu".into(),
            default_data: false,
            default_ims: false,
            rules: vec![
                RoamingRule { mcc: "262".into(), mnc: "01".into(), data: true, ims: false },
                RoamingRule { mcc: "310".into(), mnc: "410".into(), data: true, ims: true },
            ],
        }
    }

    #[test]
    fn rules_then_defaults() {
        let p = RoamingRules::of(&profile());
        let plmn = |mcc, mnc| *PlmnId::from_mcc_mnc(mcc, mnc).expect("valid").as_bytes();
        assert!(p.allows(&[plmn("262", "01")], RoamingService::Data));
        assert!(!p.allows(&[plmn("262", "01")], RoamingService::Ims));
        assert!(p.allows(&[plmn("310", "410")], RoamingService::Ims));
        assert!(!p.allows(&[plmn("208", "10")], RoamingService::Data));
        // The first candidate with a rule decides.
        assert!(p.allows(&[plmn("208", "10"), plmn("310", "410")], RoamingService::Ims));
        let open = RoamingRules::of(&RoamingProfile { default_data: true, ..profile() });
        assert!(open.allows(&[plmn("208", "10")], RoamingService::Data));
    }

    #[test]
    fn validation_names_the_field() {
        assert_eq!(profile().validate(), Ok(()));
        let mut p = profile();
        p.rules[1] = p.rules[0].clone();
        assert_eq!(p.validate().map_err(|e| e.field), Err("rules"));
        let mut p = profile();
        p.rules[0].mcc = "26".into();
        assert_eq!(p.validate().map_err(|e| e.field), Err("rules"));
        let p = RoamingProfile { name: String::new(), ..profile() };
        assert_eq!(p.validate().map_err(|e| e.field), Err("name"));
    }
}
