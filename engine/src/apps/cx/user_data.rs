//! The Cx User-Data (TS 29.229 User-Data AVP; TS 29.228 Annex B.2, Annex E): the
//! IMSSubscription XML document an SAA or PPR carries, rendered from a cached IMS subscription
//! for one private identity and one implicit registration set. The cache keeps each rendering
//! ([`store::CachedIms::user_data`]), so this runs once per change, not once per request.
//!
//! The layout follows CxDataType.xsd (Rel-8 and later); an optional element with no value is
//! left out, and no whitespace is added between elements:
//!
//! ```text
//! <?xml version="1.0" encoding="UTF-8"?>
//! IMSSubscription
//!   PrivateID
//!   ServiceProfile+                     one per profile the set's IMPUs use, by profile index
//!     PublicIdentity+                   the set's IMPUs with this profile, in provisioned order
//!       BarringIndication?              1, only when barred (the schema's default is 0)
//!       Identity
//!       Extension                       tPublicIdentityExtension
//!         IdentityType                  0: a distinct public user identity
//!         Extension?                    tPublicIdentityExtension2 (Rel-7), when there is a
//!           DisplayName                 display name
//!     CoreNetworkServicesAuthorization?
//!       SubscribedMediaProfileId
//!     InitialFilterCriteria*            the profile's own and its shared sets', by priority
//!       Priority
//!       TriggerPoint?
//!         ConditionTypeCNF              1 CNF, 0 DNF
//!         SPT+
//!           ConditionNegated            0 or 1
//!           Group+
//!           RequestURI | Method | SIPHeader(Header, Content?) | SessionCase
//!                      | SessionDescription(Line, Content?)
//!       ApplicationServer
//!         ServerName
//!         DefaultHandling               0 SESSION_CONTINUED, 1 SESSION_TERMINATED
//!         ServiceInfo?
//!         Extension?                    tApplicationServerExtension, when either is set
//!           IncludeRegisterRequest?     (empty elements)
//!           IncludeRegisterResponse?
//!       ProfilePartIndicator?           0 REGISTERED, 1 UNREGISTERED
//! ```
//!
//! Shared iFC sets are sent expanded, as plain InitialFilterCriteria, never as
//! SharedIFCSetID: the S-CSCF need not know the HSS's sets.

use std::fmt::{Display, Write};

use store::{ApplicationServer, CachedIms, Ifc, PublicIdentity, Spt, SptCondition, TriggerPoint};

/// The User-Data of a SAA/PPR for private identity `impi` (index into
/// `subscription().private_identities`) and implicit registration set `set`.
///
/// The cache calls it only for an index and a set the subscription has; were the index out of
/// range, PrivateID would be empty rather than the call panicking.
pub(crate) fn render(entry: &CachedIms, impi: usize, set: u8) -> Vec<u8> {
    // The operator's template, when the subscription names one; a render that fails (it was
    // checked with a sample when provisioned) falls back to the document built here.
    if let Some(template) = entry.template()
        && let Ok(xml) = store::template::render(template, &template_vars(entry, impi, set))
    {
        return xml.into_bytes();
    }
    let sub = entry.subscription();
    let mut x = String::with_capacity(1024);
    x.push_str(r#"<?xml version="1.0" encoding="UTF-8"?><IMSSubscription>"#);
    text(&mut x, "PrivateID", sub.private_identities.get(impi).map_or("", |p| p.impi.as_str()));
    for (index, profile) in sub.service_profiles.iter().enumerate() {
        let uses = |p: &&PublicIdentity| usize::from(p.service_profile) == index;
        if !sub.implicit_set(set).any(|p| uses(&p)) {
            continue;
        }
        x.push_str("<ServiceProfile>");
        for public in sub.implicit_set(set).filter(uses) {
            public_identity(&mut x, public);
        }
        if let Some(id) = profile.subscribed_media_profile_id {
            x.push_str("<CoreNetworkServicesAuthorization>");
            number(&mut x, "SubscribedMediaProfileId", id);
            x.push_str("</CoreNetworkServicesAuthorization>");
        }
        for ifc in entry.ifcs(index) {
            initial_filter_criteria(&mut x, ifc);
        }
        x.push_str("</ServiceProfile>");
    }
    x.push_str("</IMSSubscription>");
    x.into_bytes()
}

/// What a template sees of private identity `impi` and implicit set `set`.
fn template_vars(entry: &CachedIms, impi: usize, set: u8) -> store::template::TemplateVars {
    let sub = entry.subscription();
    let identities: Vec<store::template::TemplateIdentity> = sub
        .implicit_set(set)
        .map(|p| store::template::TemplateIdentity {
            impu: p.impu.clone(),
            barred: p.barred,
            display_name: p.display_name.clone(),
            msisdn: p.msisdn.clone(),
        })
        .collect();
    store::template::TemplateVars {
        impi: sub.private_identities.get(impi).map(|p| p.impi.clone()).unwrap_or_default(),
        imsi: sub.imsi.clone(),
        msisdn: identities.iter().find_map(|p| p.msisdn.clone()),
        impu: identities.first().map(|p| p.impu.clone()).unwrap_or_default(),
        public_identities: identities,
        scscf_name: entry.registration().server_name.or_else(|| sub.scscf_name.clone()),
    }
}

fn public_identity(x: &mut String, p: &PublicIdentity) {
    x.push_str("<PublicIdentity>");
    if p.barred {
        x.push_str("<BarringIndication>1</BarringIndication>");
    }
    text(x, "Identity", &p.impu);
    x.push_str("<Extension><IdentityType>0</IdentityType>");
    if let Some(name) = &p.display_name {
        x.push_str("<Extension>");
        text(x, "DisplayName", name);
        x.push_str("</Extension>");
    }
    x.push_str("</Extension></PublicIdentity>");
}

pub(crate) fn initial_filter_criteria(x: &mut String, ifc: &Ifc) {
    x.push_str("<InitialFilterCriteria>");
    number(x, "Priority", ifc.priority);
    if let Some(tp) = &ifc.trigger_point {
        trigger_point(x, tp);
    }
    application_server(x, &ifc.application_server);
    if let Some(part) = ifc.profile_part_indicator {
        number(x, "ProfilePartIndicator", part.code());
    }
    x.push_str("</InitialFilterCriteria>");
}

fn trigger_point(x: &mut String, tp: &TriggerPoint) {
    x.push_str("<TriggerPoint>");
    number(x, "ConditionTypeCNF", u8::from(tp.condition_type_cnf));
    for spt in &tp.spts {
        service_point_trigger(x, spt);
    }
    x.push_str("</TriggerPoint>");
}

fn service_point_trigger(x: &mut String, spt: &Spt) {
    x.push_str("<SPT>");
    number(x, "ConditionNegated", u8::from(spt.condition_negated));
    for group in &spt.group {
        number(x, "Group", group);
    }
    match &spt.condition {
        SptCondition::RequestUri(uri) => text(x, "RequestURI", uri),
        SptCondition::Method(method) => text(x, "Method", method),
        SptCondition::SipHeader { header, content } => {
            x.push_str("<SIPHeader>");
            text(x, "Header", header);
            if let Some(c) = content {
                text(x, "Content", c);
            }
            x.push_str("</SIPHeader>");
        }
        SptCondition::SessionCase(case) => number(x, "SessionCase", case.code()),
        SptCondition::SessionDescription { line, content } => {
            x.push_str("<SessionDescription>");
            text(x, "Line", line);
            if let Some(c) = content {
                text(x, "Content", c);
            }
            x.push_str("</SessionDescription>");
        }
    }
    x.push_str("</SPT>");
}

fn application_server(x: &mut String, a: &ApplicationServer) {
    x.push_str("<ApplicationServer>");
    text(x, "ServerName", &a.server_name);
    number(x, "DefaultHandling", a.default_handling.code());
    if let Some(info) = &a.service_info {
        text(x, "ServiceInfo", info);
    }
    if a.include_register_request || a.include_register_response {
        x.push_str("<Extension>");
        if a.include_register_request {
            x.push_str("<IncludeRegisterRequest/>");
        }
        if a.include_register_response {
            x.push_str("<IncludeRegisterResponse/>");
        }
        x.push_str("</Extension>");
    }
    x.push_str("</ApplicationServer>");
}

/// `<name>value</name>` for a number.
pub(crate) fn number(x: &mut String, name: &str, value: impl Display) {
    // Writing to a String cannot fail.
    let _ = write!(x, "<{name}>{value}</{name}>");
}

/// `<name>value</name>` with `value` escaped.
pub(crate) fn text(x: &mut String, name: &str, value: &str) {
    let _ = write!(x, "<{name}>");
    escape_into(x, value);
    let _ = write!(x, "</{name}>");
}

/// Appends `s` as XML character data: the five markup characters as entities, CR as a
/// character reference (a parser would turn a literal one into LF), and a character XML 1.0
/// does not allow (validation keeps them out; this keeps the document well-formed anyway) as
/// U+FFFD.
fn escape_into(x: &mut String, s: &str) {
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let entity = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&apos;",
            '\r' => "&#13;",
            '\t' | '\n' => continue,
            '\0'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => "\u{fffd}",
            _ => continue,
        };
        x.push_str(&s[start..i]);
        x.push_str(entity);
        start = i + c.len_utf8();
    }
    x.push_str(&s[start..]);
}

#[cfg(test)]
mod tests {
    use roxmltree::{Document, Node};
    use store::{
        AuthScheme, DefaultHandling, IfcSet, ImsSubscription, MemStore, PrivateIdentity,
        ProfilePart, ServiceProfile, SessionCase, Store, StoreConfig,
    };

    use super::*;

    const IMPI: &str = "alice&co@ims.example.org";
    const DISPLAY: &str = r#"Alice "A&B" <O'Neil>"#;
    const REGEX: &str = r#"^"?<sip:[^>]+>;tag='x'&y"#;

    fn private(impi: &str) -> PrivateIdentity {
        PrivateIdentity {
            impi: impi.into(),
            schemes: vec![AuthScheme::SipDigest],
            digest_ha1: Some("0123456789abcdef0123456789abcdef".into()),
            digest_realm: None,
        }
    }

    fn public(impu: &str, set: u8, profile: u8) -> PublicIdentity {
        PublicIdentity {
            impu: impu.into(),
            barred: false,
            implicit_set: set,
            service_profile: profile,
            msisdn: None,
            display_name: None,
        }
    }

    fn server(name: &str) -> ApplicationServer {
        ApplicationServer {
            server_name: name.into(),
            default_handling: DefaultHandling::SessionContinued,
            service_info: None,
            include_register_request: false,
            include_register_response: false,
        }
    }

    fn spt(negated: bool, group: &[u32], condition: SptCondition) -> Spt {
        Spt { condition_negated: negated, group: group.to_vec(), condition }
    }

    fn ifc(priority: u32, spts: Option<(bool, Vec<Spt>)>, as_name: &str) -> Ifc {
        Ifc {
            priority,
            trigger_point: spts.map(|(cnf, spts)| TriggerPoint { condition_type_cnf: cnf, spts }),
            application_server: server(as_name),
            profile_part_indicator: None,
        }
    }

    /// A store holding one SIP-Digest subscription: implicit set 0 with two identities on
    /// profile 0 (its own iFCs 10 and 20, shared set's 5 and 30) and a barred one on profile
    /// 1 (iFC 1); implicit set 1 with one identity on profile 1.
    fn store() -> Store {
        let store = Store::new(MemStore::new(), StoreConfig::default());
        let shared = IfcSet {
            id: 0,
            name: "shared".into(),
            ifcs: vec![
                ifc(
                    30,
                    Some((
                        false,
                        vec![spt(
                            false,
                            &[0],
                            SptCondition::SessionDescription { line: "m".into(), content: None },
                        )],
                    )),
                    "sip:sdp.example.org",
                ),
                ifc(
                    5,
                    Some((
                        false,
                        vec![spt(
                            false,
                            &[0],
                            SptCondition::SessionCase(SessionCase::OriginatingCdiv),
                        )],
                    )),
                    "sip:cdiv.example.org",
                ),
            ],
        };
        let set_id = store.create_ifc_set(&shared).expect("iFC set");
        let every_kind = vec![
            spt(false, &[0], SptCondition::RequestUri("sip:svc&x@example.org".into())),
            spt(true, &[0, 1], SptCondition::Method("INVITE".into())),
            spt(
                false,
                &[1],
                SptCondition::SipHeader { header: "From".into(), content: Some(REGEX.into()) },
            ),
            spt(
                false,
                &[2],
                SptCondition::SipHeader { header: "P-Asserted-Identity".into(), content: None },
            ),
            spt(false, &[2], SptCondition::SessionCase(SessionCase::TerminatingUnregistered)),
            spt(
                true,
                &[3],
                SptCondition::SessionDescription {
                    line: "m".into(),
                    content: Some("audio <1>".into()),
                },
            ),
        ];
        let mut unconditional = ifc(20, None, "sip:as2.example.org");
        unconditional.profile_part_indicator = Some(ProfilePart::Unregistered);
        unconditional.application_server.default_handling = DefaultHandling::SessionTerminated;
        unconditional.application_server.service_info = Some("<info a='1'>&</info>".into());
        unconditional.application_server.include_register_request = true;
        unconditional.application_server.include_register_response = true;
        let mut register = ifc(
            1,
            Some((true, vec![spt(false, &[0], SptCondition::Method("REGISTER".into()))])),
            "sip:reg.example.org",
        );
        register.profile_part_indicator = Some(ProfilePart::Registered);
        register.application_server.include_register_response = true;

        let mut alice = public("sip:alice@ims.example.org", 0, 0);
        alice.display_name = Some(DISPLAY.into());
        let mut barred = public("tel:+15550001", 0, 1);
        barred.barred = true;
        let privates = vec![private(IMPI), private("alice2@ims.example.org")];
        let publics = vec![
            alice,
            barred,
            public("sip:work@ims.example.org", 1, 1),
            public("sip:o'neil&co@ims.example.org", 0, 0),
        ];
        let profiles = vec![
            ServiceProfile {
                ifc_sets: vec![set_id],
                ifcs: vec![unconditional, ifc(10, Some((true, every_kind)), "sip:as1.example.org")],
                subscribed_media_profile_id: Some(7),
            },
            ServiceProfile {
                ifc_sets: vec![],
                ifcs: vec![register],
                subscribed_media_profile_id: None,
            },
        ];
        // Through JSON, so the subscription's other fields take their defaults.
        let subscription: ImsSubscription = serde_json::from_value(serde_json::json!({
            "private_identities": privates,
            "public_identities": publics,
            "service_profiles": profiles,
        }))
        .expect("subscription decodes");
        store.create_ims_subscription(&subscription).expect("subscription");
        store
    }

    fn rendered(impi: usize, set: u8) -> String {
        let store = store();
        let key = store.ims_key_by_impi(IMPI).expect("key");
        let entry = store.ims_entry(key).expect("entry");
        String::from_utf8(render(&entry, impi, set)).expect("UTF-8")
    }

    fn elements<'a, 'i>(n: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
        n.children().filter(Node::is_element).collect()
    }

    fn names<'a>(n: Node<'a, '_>) -> Vec<&'a str> {
        elements(n).iter().map(|c| c.tag_name().name()).collect()
    }

    /// The text of `n`'s only child element named `name`.
    fn child<'a>(n: Node<'a, '_>, name: &str) -> &'a str {
        let mut found = elements(n).into_iter().filter(|c| c.has_tag_name(name));
        let c = found.next().unwrap_or_else(|| panic!("no {name} in {:?}", n.tag_name()));
        assert!(found.next().is_none(), "one {name}");
        c.text().unwrap_or("")
    }

    fn named<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
        elements(n).into_iter().filter(|c| c.has_tag_name(name)).collect()
    }

    #[test]
    fn set_0_holds_its_identities_by_profile() {
        let xml = rendered(0, 0);
        assert!(xml.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?><IMSSubscription>"#));
        let doc = Document::parse(&xml).expect("well-formed");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "IMSSubscription");
        assert_eq!(root.tag_name().namespace(), None);
        assert_eq!(names(root), ["PrivateID", "ServiceProfile", "ServiceProfile"]);
        assert_eq!(child(root, "PrivateID"), IMPI);
        assert!(!xml.contains("sip:work@"), "another set's identity");

        let profiles = named(root, "ServiceProfile");
        let p0 = profiles[0];
        assert_eq!(
            names(p0),
            [
                "PublicIdentity",
                "PublicIdentity",
                "CoreNetworkServicesAuthorization",
                "InitialFilterCriteria",
                "InitialFilterCriteria",
                "InitialFilterCriteria",
                "InitialFilterCriteria",
            ]
        );
        let ids = named(p0, "PublicIdentity");
        assert_eq!(names(ids[0]), ["Identity", "Extension"]);
        assert_eq!(child(ids[0], "Identity"), "sip:alice@ims.example.org");
        let ext = named(ids[0], "Extension")[0];
        assert_eq!(names(ext), ["IdentityType", "Extension"]);
        assert_eq!(child(ext, "IdentityType"), "0");
        assert_eq!(child(named(ext, "Extension")[0], "DisplayName"), DISPLAY);
        assert_eq!(child(ids[1], "Identity"), "sip:o'neil&co@ims.example.org");
        assert_eq!(names(named(ids[1], "Extension")[0]), ["IdentityType"], "no display name");
        let cnsa = named(p0, "CoreNetworkServicesAuthorization")[0];
        assert_eq!(child(cnsa, "SubscribedMediaProfileId"), "7");

        let priorities: Vec<&str> =
            named(p0, "InitialFilterCriteria").iter().map(|i| child(*i, "Priority")).collect();
        assert_eq!(priorities, ["5", "10", "20", "30"], "the shared set's merged in by priority");

        let p1 = profiles[1];
        assert_eq!(names(p1), ["PublicIdentity", "InitialFilterCriteria"], "no media profile");
        let barred = named(p1, "PublicIdentity")[0];
        assert_eq!(names(barred), ["BarringIndication", "Identity", "Extension"]);
        assert_eq!(child(barred, "BarringIndication"), "1");
        assert_eq!(child(barred, "Identity"), "tel:+15550001");
        assert_eq!(xml.matches("<BarringIndication>").count(), 1, "only the barred one");
    }

    #[test]
    fn initial_filter_criteria_carry_every_element() {
        let xml = rendered(0, 0);
        let doc = Document::parse(&xml).expect("well-formed");
        let profiles = named(doc.root_element(), "ServiceProfile");
        let ifcs = named(profiles[0], "InitialFilterCriteria");

        // Priority 5, from the shared set: SessionCase ORIGINATING_CDIV.
        let spt5 = named(named(ifcs[0], "TriggerPoint")[0], "SPT")[0];
        assert_eq!(names(spt5), ["ConditionNegated", "Group", "SessionCase"]);
        assert_eq!(child(spt5, "SessionCase"), "4");

        // Priority 10: every SPT kind, CNF.
        let i10 = ifcs[1];
        assert_eq!(names(i10), ["Priority", "TriggerPoint", "ApplicationServer"]);
        let tp = named(i10, "TriggerPoint")[0];
        assert_eq!(names(tp)[0], "ConditionTypeCNF");
        assert_eq!(child(tp, "ConditionTypeCNF"), "1");
        let spts = named(tp, "SPT");
        assert_eq!(names(tp).len(), 1 + spts.len());
        let kinds: Vec<Vec<&str>> = spts.iter().map(|s| names(*s)).collect();
        assert_eq!(
            kinds,
            [
                vec!["ConditionNegated", "Group", "RequestURI"],
                vec!["ConditionNegated", "Group", "Group", "Method"],
                vec!["ConditionNegated", "Group", "SIPHeader"],
                vec!["ConditionNegated", "Group", "SIPHeader"],
                vec!["ConditionNegated", "Group", "SessionCase"],
                vec!["ConditionNegated", "Group", "SessionDescription"],
            ]
        );
        let negated: Vec<&str> = spts.iter().map(|s| child(*s, "ConditionNegated")).collect();
        assert_eq!(negated, ["0", "1", "0", "0", "0", "1"]);
        assert_eq!(child(spts[0], "RequestURI"), "sip:svc&x@example.org");
        let groups: Vec<&str> =
            named(spts[1], "Group").iter().map(|g| g.text().unwrap_or("")).collect();
        assert_eq!(groups, ["0", "1"]);
        assert_eq!(child(spts[1], "Method"), "INVITE");
        let header = named(spts[2], "SIPHeader")[0];
        assert_eq!(names(header), ["Header", "Content"]);
        assert_eq!(child(header, "Header"), "From");
        assert_eq!(child(header, "Content"), REGEX);
        let presence = named(spts[3], "SIPHeader")[0];
        assert_eq!(names(presence), ["Header"]);
        assert_eq!(child(presence, "Header"), "P-Asserted-Identity");
        assert_eq!(child(spts[4], "SessionCase"), "2");
        let sdp = named(spts[5], "SessionDescription")[0];
        assert_eq!(names(sdp), ["Line", "Content"]);
        assert_eq!((child(sdp, "Line"), child(sdp, "Content")), ("m", "audio <1>"));
        let as10 = named(i10, "ApplicationServer")[0];
        assert_eq!(names(as10), ["ServerName", "DefaultHandling"]);
        assert_eq!(child(as10, "ServerName"), "sip:as1.example.org");
        assert_eq!(child(as10, "DefaultHandling"), "0");

        // Priority 20: no trigger point, every optional application server element.
        let i20 = ifcs[2];
        assert_eq!(names(i20), ["Priority", "ApplicationServer", "ProfilePartIndicator"]);
        assert_eq!(child(i20, "ProfilePartIndicator"), "1");
        let as20 = named(i20, "ApplicationServer")[0];
        assert_eq!(names(as20), ["ServerName", "DefaultHandling", "ServiceInfo", "Extension"]);
        assert_eq!(child(as20, "DefaultHandling"), "1");
        assert_eq!(child(as20, "ServiceInfo"), "<info a='1'>&</info>");
        let ext = named(as20, "Extension")[0];
        assert_eq!(names(ext), ["IncludeRegisterRequest", "IncludeRegisterResponse"]);
        assert!(elements(ext).iter().all(|e| e.first_child().is_none()), "empty elements");

        // Priority 30, from the shared set: DNF, SessionDescription without content.
        let tp30 = named(ifcs[3], "TriggerPoint")[0];
        assert_eq!(child(tp30, "ConditionTypeCNF"), "0");
        let sdp30 = named(named(tp30, "SPT")[0], "SessionDescription")[0];
        assert_eq!(names(sdp30), ["Line"]);

        // Profile 1's REGISTER iFC: registered part, only IncludeRegisterResponse.
        let reg = named(profiles[1], "InitialFilterCriteria")[0];
        assert_eq!(child(reg, "Priority"), "1");
        assert_eq!(child(reg, "ProfilePartIndicator"), "0");
        let ext = named(named(reg, "ApplicationServer")[0], "Extension")[0];
        assert_eq!(names(ext), ["IncludeRegisterResponse"]);
    }

    #[test]
    fn another_identity_and_set() {
        let xml = rendered(1, 1);
        let doc = Document::parse(&xml).expect("well-formed");
        let root = doc.root_element();
        assert_eq!(child(root, "PrivateID"), "alice2@ims.example.org");
        let profiles = named(root, "ServiceProfile");
        assert_eq!(profiles.len(), 1, "only profile 1 is used by set 1");
        let ids = named(profiles[0], "PublicIdentity");
        assert_eq!(ids.len(), 1);
        assert_eq!(child(ids[0], "Identity"), "sip:work@ims.example.org");
        assert!(named(ids[0], "BarringIndication").is_empty());
        let ifcs = named(profiles[0], "InitialFilterCriteria");
        assert_eq!(ifcs.len(), 1);
        assert_eq!(child(ifcs[0], "Priority"), "1");
    }

    #[test]
    fn the_cache_keeps_the_rendering() {
        let store = store();
        let entry = store.ims_entry(store.ims_key_by_impi(IMPI).expect("key")).expect("entry");
        let first = entry.user_data(0, 0, render).expect("set 0").to_vec();
        assert_eq!(first, render(&entry, 0, 0));
        assert!(entry.user_data(0, 9, render).is_none(), "no set 9");
    }

    #[test]
    fn text_is_escaped() {
        let mut x = String::new();
        escape_into(&mut x, "a&b<c>d\"e'f\r\tg\u{1}h\u{fffe}é");
        assert_eq!(x, "a&amp;b&lt;c&gt;d&quot;e&apos;f&#13;\tg\u{fffd}h\u{fffd}é");
        let wrapped = format!("<t>{x}</t>");
        let doc = Document::parse(&wrapped).expect("well-formed");
        assert_eq!(doc.root_element().text(), Some("a&b<c>d\"e'f\r\tg\u{fffd}h\u{fffd}é"));
    }
}
