//! The equipment identity register (S13, TS 29.272 §6): rules that give an IMEI (and an
//! IMSI) an equipment status, and what applies when no rule matches.

use serde::{Deserialize, Serialize};

use crate::error::{Corrupt, InvalidField};
use crate::keys::Kind;
use crate::model::Imsi;

/// Longest regular expression accepted.
pub const MAX_PATTERN_LEN: usize = 256;
/// Most memory one compiled expression may take.
pub const MAX_REGEX_BYTES: usize = 64 * 1024;

/// Equipment-Status (TS 29.272 §7.3.51).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EquipmentStatus {
    Whitelisted,
    Blacklisted,
    Greylisted,
}

impl EquipmentStatus {
    /// The AVP's value.
    pub const fn code(self) -> u32 {
        match self {
            Self::Whitelisted => 0,
            Self::Blacklisted => 1,
            Self::Greylisted => 2,
        }
    }
}

/// One rule. It matches an ECR when every condition it has holds: `imei` equal to the
/// request's IMEI (its first 14 digits, TAC and SNR: the check digit or software version is
/// ignored), `imei_regex` matching those 14 digits whole, and `imsi` equal to the request's
/// User-Name (a rule with an IMSI never matches an ECR without one). At least one condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EirRule {
    /// Its id (non-zero); the store numbers it when created without one.
    #[serde(default)]
    pub id: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imei: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imei_regex: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imsi: Option<String>,
    pub status: EquipmentStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// What an ECR gets when no rule matches: a status, or `None` for a refusal with
/// DIAMETER_ERROR_EQUIPMENT_UNKNOWN (5422).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EirDefault {
    pub status: Option<EquipmentStatus>,
}

impl Default for EirDefault {
    /// Whitelisted: an EIR that knows no rule lets every device through.
    fn default() -> Self {
        Self { status: Some(EquipmentStatus::Whitelisted) }
    }
}

/// The TAC and SNR of an IMEI or IMEISV: its first 14 digits, when it has at least 14 and
/// only digits.
pub fn imei_key(imei: &str) -> Option<&str> {
    let key = imei.get(..14)?;
    (imei.len() <= 16 && imei.bytes().all(|b| b.is_ascii_digit())).then_some(key)
}

/// An anchored, size-limited regular expression (the `regex` crate: linear time, no
/// backtracking).
pub fn compile(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(&format!("^(?:{pattern})$"))
        .size_limit(MAX_REGEX_BYTES)
        .dfa_size_limit(MAX_REGEX_BYTES)
        .build()
}

impl EirRule {
    /// Checks every field; the error names the first one that is wrong.
    pub fn validate(&self) -> Result<(), InvalidField> {
        if self.imei.is_none() && self.imei_regex.is_none() && self.imsi.is_none() {
            return Err(InvalidField::new("imei", "a rule needs imei, imei_regex or imsi"));
        }
        if let Some(imei) = &self.imei
            && (imei.len() != 14 || !imei.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(InvalidField::new("imei", "must be the 14 digits of TAC and SNR"));
        }
        if let Some(p) = &self.imei_regex
            && (p.is_empty() || p.len() > MAX_PATTERN_LEN || compile(p).is_err())
        {
            return Err(InvalidField::new(
                "imei_regex",
                "must be a regular expression of at most 256 octets that compiles",
            ));
        }
        if let Some(imsi) = &self.imsi {
            Imsi::parse(imsi)?;
        }
        if let Some(d) = &self.description
            && d.len() > 255
        {
            return Err(InvalidField::new("description", "at most 255 octets"));
        }
        Ok(())
    }

    /// How specific the rule is: the higher wins when several match (an exact IMEI over a
    /// pattern over none; an IMSI binding over none), then the lower id.
    pub fn rank(&self) -> (u8, u32) {
        let imei = if self.imei.is_some() {
            2
        } else if self.imei_regex.is_some() {
            1
        } else {
            0
        };
        (imei * 2 + u8::from(self.imsi.is_some()), u32::MAX - self.id)
    }

    pub(crate) fn encode(&self) -> Vec<u8> {
        crate::value::encode_json(self)
    }

    pub(crate) fn decode(value: &[u8]) -> Result<Self, Corrupt> {
        crate::value::decode_json(Kind::EirRule, value, "EIR rule does not decode")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(imei: Option<&str>, regex: Option<&str>, imsi: Option<&str>) -> EirRule {
        EirRule {
            id: 1,
            imei: imei.map(Into::into),
            imei_regex: regex.map(Into::into),
            imsi: imsi.map(Into::into),
            status: EquipmentStatus::Blacklisted,
            description: None,
        }
    }

    #[test]
    fn validation_names_the_field() {
        let field = |r: EirRule| r.validate().map_err(|e| e.field);
        assert_eq!(field(rule(None, None, None)), Err("imei"));
        assert_eq!(field(rule(Some("123"), None, None)), Err("imei"));
        assert_eq!(field(rule(None, Some("(35"), None)), Err("imei_regex"));
        assert_eq!(field(rule(None, Some(&"a".repeat(300)), None)), Err("imei_regex"));
        assert_eq!(field(rule(None, None, Some("12"))), Err("imsi"));
        assert_eq!(
            field(rule(Some("35693803564380"), Some("35.*"), Some("001010000000001"))),
            Ok(())
        );
    }

    #[test]
    fn imei_keys_and_anchored_patterns() {
        assert_eq!(imei_key("356938035643809"), Some("35693803564380"));
        assert_eq!(imei_key("3569380356438012"), Some("35693803564380"), "IMEISV");
        assert_eq!(imei_key("3569380356438"), None);
        assert_eq!(imei_key("35693803564380a"), None);
        let re = compile("3569.*").expect("compiles");
        assert!(re.is_match("35693803564380"));
        assert!(!compile("938").expect("compiles").is_match("35693803564380"), "anchored");
    }

    #[test]
    fn the_more_specific_rule_ranks_higher() {
        let exact = rule(Some("35693803564380"), None, None);
        let bound = rule(None, Some("35.*"), Some("001010000000001"));
        let pattern = rule(None, Some("35.*"), None);
        assert!(exact.rank() > bound.rank() && bound.rank() > pattern.rank());
        let older = EirRule { id: 1, ..pattern.clone() };
        let newer = EirRule { id: 2, ..pattern };
        assert!(older.rank() > newer.rank(), "ties go to the lower id");
    }
}
