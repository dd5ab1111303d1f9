//! User-Data templates: an operator's Jinja2 document (the syntax of PyHSS's iFC templates,
//! rendered with `minijinja`) that stands for the whole Cx User-Data of the subscriptions that
//! name it, instead of the document the HSS builds from their structured iFCs.
//!
//! A template is checked when it is provisioned: it must compile and, rendered with a sample
//! subscription, give a well-formed IMSSubscription document within [`MAX_RENDERED`]. It is
//! rendered once per change of a subscription (the cache keeps the result), never per request.
//! Values are XML-escaped when written (`{{ impu }}`), unless marked `|safe`; every render is
//! bounded by fuel (loops cannot run away) and by the output limit.
//!
//! Variables: `impi`, `imsi`, `msisdn` (the first MSISDN of the implicit set), `impu` (the
//! set's first public identity), `public_identities` (the set's: `impu`, `barred`,
//! `display_name`, `msisdn`), `scscf_name`, and `iFC_vars` (`imsi`, `msisdn`, `impi`, `impu`,
//! `mcc`, `mnc`), as PyHSS templates expect.

use std::fmt::Write as _;

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::{Deserialize, Serialize};

use crate::error::{Corrupt, InvalidField};
use crate::keys::Kind;

/// Largest template accepted, and largest document a render may produce.
pub const MAX_TEMPLATE: usize = 64 * 1024;
/// Largest rendered document.
pub const MAX_RENDERED: usize = 64 * 1024;
/// Template instructions one render may run.
const FUEL: u64 = 200_000;

/// A stored template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserDataTemplate {
    /// Its id (non-zero); the store numbers it when created without one.
    #[serde(default)]
    pub id: u32,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The Jinja2 document.
    pub template: String,
}

/// One public identity as a template sees it.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateIdentity {
    pub impu: String,
    pub barred: bool,
    pub display_name: Option<String>,
    pub msisdn: Option<String>,
}

/// What a template is rendered with.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateVars {
    pub impi: String,
    pub imsi: Option<String>,
    pub msisdn: Option<String>,
    pub impu: String,
    pub public_identities: Vec<TemplateIdentity>,
    pub scscf_name: Option<String>,
}

/// Why a template was refused or did not render.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TemplateError(pub String);

/// The environment every render uses: XML escaping of values, strict undefined variables,
/// bounded fuel and recursion.
fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Custom("xml".into()));
    env.set_formatter(|out, state, value| {
        let text = value.to_string();
        if value.is_safe() || *state.auto_escape() == AutoEscape::None {
            return out.write_str(&text).map_err(Into::into);
        }
        for c in text.chars() {
            let written = match c {
                '&' => out.write_str("&amp;"),
                '<' => out.write_str("&lt;"),
                '>' => out.write_str("&gt;"),
                '"' => out.write_str("&quot;"),
                '\'' => out.write_str("&apos;"),
                c => out.write_char(c),
            };
            written?;
        }
        Ok(())
    });
    env.set_undefined_behavior(UndefinedBehavior::Chainable);
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(32);
    env
}

/// Renders `template` with `vars`.
pub fn render(template: &str, vars: &TemplateVars) -> Result<String, TemplateError> {
    let env = environment();
    let compiled = env.template_from_str(template).map_err(|e| TemplateError(e.to_string()))?;
    let (mcc, mnc) = vars
        .imsi
        .as_deref()
        .map_or(("", ""), |i| (i.get(..3).unwrap_or(""), i.get(3..5).unwrap_or("")));
    let ifc_vars = Value::from(Serde(serde_json::json!({
        "imsi": vars.imsi, "msisdn": vars.msisdn, "impi": vars.impi, "impu": vars.impu,
        "mcc": mcc, "mnc": mnc,
    })));
    let ctx = minijinja::context! { iFC_vars => ifc_vars, ..Value::from(Serde(vars)) };
    let out = compiled.render(ctx).map_err(|e| TemplateError(e.to_string()))?;
    if out.len() > MAX_RENDERED {
        return Err(TemplateError(format!("the document is larger than {MAX_RENDERED} octets")));
    }
    Ok(out)
}

impl UserDataTemplate {
    /// Checks the name and the template: it compiles, and a sample subscription renders to
    /// a well-formed IMSSubscription document.
    pub fn validate(&self) -> Result<(), InvalidField> {
        if self.name.is_empty() || self.name.len() > 255 {
            return Err(InvalidField::new("name", "must be 1 to 255 octets"));
        }
        if self.template.len() > MAX_TEMPLATE {
            return Err(InvalidField::new("template", "at most 65536 octets"));
        }
        self.check().map_err(|_| {
            InvalidField::new(
                "template",
                "must compile and render a well-formed IMSSubscription document",
            )
        })
    }

    /// The reason [`Self::validate`] refuses the template, for the operator.
    pub fn check(&self) -> Result<(), TemplateError> {
        let sample = TemplateVars {
            impi: "001010000000001@ims.mnc001.mcc001.3gppnetwork.org".into(),
            imsi: Some("001010000000001".into()),
            msisdn: Some("491790000001".into()),
            impu: "sip:001010000000001@ims.mnc001.mcc001.3gppnetwork.org".into(),
            public_identities: vec![TemplateIdentity {
                impu: "sip:001010000000001@ims.mnc001.mcc001.3gppnetwork.org".into(),
                barred: false,
                display_name: Some("A & B <test>".into()),
                msisdn: Some("491790000001".into()),
            }],
            scscf_name: Some("sip:scscf.ims.mnc001.mcc001.3gppnetwork.org".into()),
        };
        let xml = render(&self.template, &sample)?;
        let doc = roxmltree::Document::parse(&xml).map_err(|e| TemplateError(e.to_string()))?;
        if doc.root_element().tag_name().name() != "IMSSubscription" {
            return Err(TemplateError("the root element is not IMSSubscription".into()));
        }
        Ok(())
    }

    pub(crate) fn encode(&self) -> Vec<u8> {
        crate::value::encode_json(self)
    }

    pub(crate) fn decode(value: &[u8]) -> Result<Self, Corrupt> {
        crate::value::decode_json(Kind::UserDataTemplate, value, "template does not decode")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(text: &str) -> UserDataTemplate {
        UserDataTemplate { id: 1, name: "t".into(), description: None, template: text.into() }
    }

    const PYHSS_STYLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?><IMSSubscription><PrivateID>{{ iFC_vars['imsi'] }}@ims.mnc{{ iFC_vars.mnc }}.mcc{{ iFC_vars.mcc }}.3gppnetwork.org</PrivateID><ServiceProfile>{% for p in public_identities %}<PublicIdentity><Identity>{{ p.impu }}</Identity>{% if p.display_name %}<DisplayName>{{ p.display_name }}</DisplayName>{% endif %}</PublicIdentity>{% endfor %}</ServiceProfile></IMSSubscription>"#;

    #[test]
    fn a_pyhss_style_template_renders_escaped() {
        let t = template(PYHSS_STYLE);
        t.validate().expect("valid");
        let vars = TemplateVars {
            impi: "x".into(),
            imsi: Some("001010000000009".into()),
            msisdn: None,
            impu: "sip:a@b".into(),
            public_identities: vec![TemplateIdentity {
                impu: "sip:a@b".into(),
                barred: false,
                display_name: Some("Tom & \"Jerry\"".into()),
                msisdn: None,
            }],
            scscf_name: None,
        };
        let out = render(&t.template, &vars).expect("renders");
        assert!(
            out.contains("<PrivateID>001010000000009@ims.mnc01.mcc001.3gppnetwork.org</PrivateID>"),
            "{out}"
        );
        assert!(out.contains("<DisplayName>Tom &amp; &quot;Jerry&quot;</DisplayName>"), "{out}");
    }

    #[test]
    fn bad_templates_are_refused() {
        for text in [
            "{% for x in %}",    // does not compile
            "<IMSSubscription>", // not well-formed
            "<Other/>",          // wrong root
            "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
            "<IMSSubscription>{{ public_identities[0].display_name|safe }}</IMSSubscription>",
        ] {
            assert_eq!(template(text).validate().map_err(|e| e.field), Err("template"), "{text}");
        }
    }
}
