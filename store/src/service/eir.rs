//! The EIR: rules and the default in the store, and the in-memory index an ECR is checked
//! against on a shard (exact IMEIs in a hash map, patterns compiled once). Every change
//! rebuilds the index and swaps it in whole, so a check sees the rules before or after a
//! change, never half of one.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use super::{Page, Store};
use crate::backend::{Durability, Entries, WriteBatch};
use crate::error::{Entity, StoreError};
use crate::keys::{self, Kind};
use crate::model::{EirDefault, EirRule, EquipmentStatus, compile, imei_key};

/// Most rules the EIR holds.
pub const MAX_EIR_RULES: usize = 100_000;

/// The `meta` key of the default.
const DEFAULT_KEY: &[u8] = b"config/eir_default";
/// The `meta` key of the last rule id the store chose.
const RULE_ID_COUNTER: &[u8] = b"next/eir_rule";

/// What an ECR gets: the status (`None`: unknown equipment, 5422) and the rule that gave it
/// (`None`: the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EirVerdict {
    pub status: Option<EquipmentStatus>,
    pub rule: Option<u32>,
}

/// The rules as the check uses them.
#[derive(Debug, Default)]
pub(crate) struct EirIndex {
    rules: Vec<EirRule>,
    /// Each rule's pattern, compiled once (`None`: it has none).
    compiled: Vec<Option<regex::Regex>>,
    /// Exact IMEI → rules naming it.
    exact: HashMap<String, Vec<usize>>,
    /// Rules with a pattern and no exact IMEI.
    patterns: Vec<usize>,
    /// Rules with an IMSI only.
    imsi_only: Vec<usize>,
    default: EirDefault,
}

impl EirIndex {
    fn build(rules: Vec<EirRule>, default: EirDefault) -> Self {
        let mut index = Self { default, ..Self::default() };
        for (i, rule) in rules.iter().enumerate() {
            // Checked when stored; one that no longer compiles matches nothing.
            index.compiled.push(rule.imei_regex.as_deref().and_then(|p| compile(p).ok()));
            match (&rule.imei, &rule.imei_regex) {
                (Some(imei), _) => index.exact.entry(imei.clone()).or_default().push(i),
                (None, Some(_)) => index.patterns.push(i),
                (None, None) => index.imsi_only.push(i),
            }
        }
        index.rules = rules;
        index
    }

    /// The verdict for the IMEI's 14-digit key and the request's IMSI: the most specific
    /// matching rule ([`EirRule::rank`]), else the default.
    fn check(&self, key: &str, imsi: Option<&str>) -> EirVerdict {
        let matches = |i: usize| {
            let rule = &self.rules[i];
            rule.imsi.as_deref().is_none_or(|want| imsi == Some(want))
                && rule.imei.as_deref().is_none_or(|want| want == key)
                && match (&rule.imei_regex, &self.compiled[i]) {
                    (None, _) => true,
                    (Some(_), Some(re)) => re.is_match(key),
                    (Some(_), None) => false,
                }
        };
        let exact = self.exact.get(key).into_iter().flatten().copied();
        let candidates =
            exact.chain(self.patterns.iter().copied()).chain(self.imsi_only.iter().copied());
        let best =
            candidates.filter(|i| matches(*i)).map(|i| &self.rules[i]).max_by_key(|r| r.rank());
        match best {
            Some(rule) => EirVerdict { status: Some(rule.status), rule: Some(rule.id) },
            None => EirVerdict { status: self.default.status, rule: None },
        }
    }
}

impl Store {
    /// What an ECR for `imei` (IMEI or IMEISV digits) and `imsi` gets, from memory. An IMEI
    /// that is not 14 to 16 digits matches no rule (the default applies).
    pub fn eir_check(&self, imei: &str, imsi: Option<&str>) -> EirVerdict {
        let index = self.eir_index();
        match imei_key(imei) {
            Some(key) => index.check(key, imsi),
            None => EirVerdict { status: index.default.status, rule: None },
        }
    }

    fn eir_index(&self) -> Arc<EirIndex> {
        self.eir.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Reads every rule and the default into a new index and swaps it in.
    pub(crate) fn reload_eir(&self) -> Result<(), StoreError> {
        let mut entries = Entries::new();
        self.backend.scan(Kind::EirRule, &[], 0, MAX_EIR_RULES, &mut entries)?;
        let rules = entries
            .iter()
            .map(|(_, v)| EirRule::decode(v).map_err(super::corrupt))
            .collect::<Result<Vec<_>, _>>()?;
        let index = Arc::new(EirIndex::build(rules, self.eir_default()?));
        *self.eir.write().unwrap_or_else(PoisonError::into_inner) = index;
        Ok(())
    }

    /// Creates a rule; returns its id (`rule.id`, or the next one when 0).
    pub fn create_eir_rule(&self, rule: &EirRule) -> Result<u32, StoreError> {
        rule.validate()?;
        let _guard = self.lock_provisioning();
        if self.count(Kind::EirRule)? >= MAX_EIR_RULES as u64 {
            return Err(StoreError::invalid("id", "the EIR holds 100,000 rules at most"));
        }
        let mut batch = WriteBatch::new();
        let id = self.next_id(Kind::EirRule, RULE_ID_COUNTER, rule.id, &mut batch)?;
        if self.exists(Kind::EirRule, &keys::apn_key(id))? {
            return Err(StoreError::Duplicate { entity: Entity::EirRule, field: "id" });
        }
        batch.put(Kind::EirRule, &keys::apn_key(id), EirRule { id, ..rule.clone() }.encode());
        self.add_count(&mut batch, Kind::EirRule, 1)?;
        self.commit(&batch, Durability::Synced)?;
        self.reload_eir()?;
        Ok(id)
    }

    /// The rule `id`.
    pub fn eir_rule(&self, id: u32) -> Result<EirRule, StoreError> {
        self.backend
            .get(Kind::EirRule, &keys::apn_key(id))?
            .map(|v| EirRule::decode(&v).map_err(super::corrupt))
            .transpose()?
            .ok_or(StoreError::NotFound(Entity::EirRule))
    }

    /// Replaces rule `id`.
    pub fn replace_eir_rule(&self, id: u32, rule: &EirRule) -> Result<(), StoreError> {
        rule.validate()?;
        let _guard = self.lock_provisioning();
        self.eir_rule(id)?;
        let mut batch = WriteBatch::new();
        batch.put(Kind::EirRule, &keys::apn_key(id), EirRule { id, ..rule.clone() }.encode());
        self.commit(&batch, Durability::Synced)?;
        self.reload_eir()
    }

    /// Deletes rule `id`.
    pub fn delete_eir_rule(&self, id: u32) -> Result<(), StoreError> {
        let _guard = self.lock_provisioning();
        self.eir_rule(id)?;
        let mut batch = WriteBatch::new();
        batch.delete(Kind::EirRule, &keys::apn_key(id));
        self.add_count(&mut batch, Kind::EirRule, -1)?;
        self.commit(&batch, Durability::Synced)?;
        self.reload_eir()
    }

    /// Page `page` of the rules, by id.
    pub fn list_eir_rules(
        &self,
        page: usize,
        page_size: usize,
    ) -> Result<Page<EirRule>, StoreError> {
        self.page(Kind::EirRule, page, page_size, |_, v| EirRule::decode(v).map_err(super::corrupt))
    }

    /// What applies when no rule matches.
    pub fn eir_default(&self) -> Result<EirDefault, StoreError> {
        match self.backend.get(Kind::Meta, DEFAULT_KEY)? {
            None => Ok(EirDefault::default()),
            Some(v) => serde_json::from_slice(&v).map_err(|_| {
                super::corrupt(crate::error::Corrupt { kind: Kind::Meta, reason: "EIR default" })
            }),
        }
    }

    /// Sets what applies when no rule matches.
    pub fn set_eir_default(&self, default: EirDefault) -> Result<(), StoreError> {
        let _guard = self.lock_provisioning();
        let mut batch = WriteBatch::new();
        batch.put(Kind::Meta, DEFAULT_KEY, serde_json::to_vec(&default).unwrap_or_default());
        self.commit(&batch, Durability::Synced)?;
        self.reload_eir()
    }
}

/// A new, empty index handle (filled by [`Store::reload_eir`] when the store opens).
pub(crate) fn empty() -> RwLock<Arc<EirIndex>> {
    RwLock::new(Arc::new(EirIndex::default()))
}
