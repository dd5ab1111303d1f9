//! Consistency checks over the whole dictionary.

use super::*;
use std::collections::{HashMap, HashSet};

#[test]
fn every_avp_is_defined_once() {
    let mut seen: HashMap<u64, &str> = HashMap::new();
    for app in APPLICATIONS {
        for d in app.avps {
            if let Some(prev) = seen.insert(key(d.code, d.vendor), d.name) {
                panic!("{} and {} share code {} vendor {}", prev, d.name, d.code.0, d.vendor.0);
            }
        }
    }
}

#[test]
fn every_avp_named_in_a_rule_is_in_a_table() {
    let mut missing = HashSet::new();
    let mut check = |r: &Rule, ctx: &str| match avp(r.avp.code, r.avp.vendor) {
        Some(d) if d.name == r.avp.name => {}
        _ => {
            missing.insert(format!("{} (in {ctx})", r.avp.name));
        }
    };
    for app in APPLICATIONS {
        for c in app.commands {
            c.request_rules.iter().chain(c.answer_rules).for_each(|r| check(r, c.name));
        }
        for d in app.avps {
            d.rules.iter().for_each(|r| check(r, d.name));
        }
    }
    assert!(missing.is_empty(), "AVPs used in rules but absent from the tables: {missing:?}");
}

#[test]
fn grouped_rules_only_on_grouped_avps_and_types_are_consistent() {
    for app in APPLICATIONS {
        for d in app.avps {
            if !d.rules.is_empty() {
                assert_eq!(d.ty, AvpType::Grouped, "{} has rules but is not Grouped", d.name);
            }
            assert!(d.rules.len() <= crate::validate::MAX_RULES, "{} has too many rules", d.name);
            assert!(!d.name.is_empty());
        }
        for c in app.commands {
            assert!(c.request_rules.len() <= crate::validate::MAX_RULES, "{}", c.name);
            assert!(c.answer_rules.len() <= crate::validate::MAX_RULES, "{}", c.name);
            assert_eq!(c.application, app.id, "{} listed under the wrong application", c.name);
        }
    }
}

#[test]
fn lookups_find_base_and_vendor_avps() {
    let d = avp(AvpCode(263), VendorId::IETF).unwrap();
    assert_eq!(d.name, "Session-Id");
    assert!(avp(AvpCode(263), VendorId::TGPP).is_none());
    let cer = command(ApplicationId::COMMON, CommandCode::CAPABILITIES_EXCHANGE).unwrap();
    assert_eq!((cer.request, cer.answer), ("CER", "CEA"));
}

/// The layering rule of the module doc: the grouped AVPs and commands of a module name only its
/// own AVPs and those of the layers below (`base` ← `ietf` ← `tgpp` ← each application).
#[test]
fn avps_and_commands_name_only_their_own_layer_or_below() {
    let layer = |app: &Application| {
        [base::APPLICATION.name, ietf::APPLICATION.name, tgpp::APPLICATION.name]
            .iter()
            .position(|n| *n == app.name)
            .unwrap_or(3)
    };
    let mut owner = HashMap::new();
    for (i, app) in APPLICATIONS.iter().enumerate() {
        for d in app.avps {
            owner.insert(key(d.code, d.vendor), i);
        }
    }
    let mut wrong = Vec::new();
    for (i, app) in APPLICATIONS.iter().enumerate() {
        let mut check = |r: &Rule, ctx: &str| {
            let o = owner[&key(r.avp.code, r.avp.vendor)];
            if o != i && layer(&APPLICATIONS[o]) >= layer(app) {
                wrong.push(format!(
                    "{ctx} ({}) uses {} ({})",
                    app.name, r.avp.name, APPLICATIONS[o].name
                ));
            }
        };
        for d in app.avps {
            d.rules.iter().for_each(|r| check(r, d.name));
        }
        for c in app.commands {
            c.request_rules.iter().chain(c.answer_rules).for_each(|r| check(r, c.name));
        }
    }
    assert!(wrong.is_empty(), "AVPs used above their layer or across applications: {wrong:?}");
}
