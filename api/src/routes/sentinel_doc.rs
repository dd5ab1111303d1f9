//! The XML documents behind `/sh/subscriber-data`: field mappings checked and compiled into
//! paths, a document built from field values through them, and the values read back from
//! stored ServiceData. XML is written here by hand (escaped) and read with roxmltree; reading
//! matches element and attribute names by their local part, so a document an AS wrote with
//! other prefixes (or none) reads the same.

use store::{FieldKind, FieldMappings};

use crate::error::ApiError;

/// Most documents (Service-Indications) a mapping configuration may name.
const MAX_DOCUMENTS: usize = 32;

/// Most fields one document may have.
const MAX_FIELDS: usize = 256;

/// Longest field name, in characters.
const MAX_NAME: usize = 128;

/// One step of a path: the name as written (`cp:ruleset`) and its local part (`ruleset`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Step {
    qname: String,
    local: String,
}

/// One field, compiled.
#[derive(Debug, Clone)]
pub(super) struct Field {
    pub name: String,
    pub kind: FieldKind,
    /// Element steps from the root element (included).
    elements: Vec<Step>,
    /// The attribute holding the value; `None`: the element's content.
    attribute: Option<Step>,
}

/// One document (Service-Indication), compiled.
#[derive(Debug, Clone)]
pub(super) struct Document {
    pub service_indication: String,
    namespace: Option<String>,
    prefixes: Vec<(String, String)>,
    pub fields: Vec<Field>,
}

/// Checks `mappings` and compiles them; 422 naming the first bad field
/// (`documents[0].fields[3].path`).
pub(super) fn compile(mappings: &FieldMappings) -> Result<Vec<Document>, ApiError> {
    let docs = &mappings.documents;
    if docs.is_empty() || docs.len() > MAX_DOCUMENTS {
        return Err(ApiError::invalid("documents", format!("1 to {MAX_DOCUMENTS} documents")));
    }
    let mut out: Vec<Document> = Vec::with_capacity(docs.len());
    for (i, d) in docs.iter().enumerate() {
        let at = |what: &str| format!("documents[{i}].{what}");
        let si = &d.service_indication;
        if si.is_empty() || si.len() > 255 || !valid_chars(si) {
            return Err(ApiError::invalid(at("service_indication"), "1 to 255 octets of text"));
        }
        if out.iter().any(|o| &o.service_indication == si) {
            return Err(ApiError::invalid(at("service_indication"), "named by another document"));
        }
        if d.namespace.as_ref().is_some_and(|n| n.is_empty() || !valid_chars(n)) {
            return Err(ApiError::invalid(at("namespace"), "must be a non-empty URI"));
        }
        let mut prefixes: Vec<(String, String)> = Vec::new();
        for (k, p) in d.prefixes.iter().enumerate() {
            let ok = is_ncname(&p.prefix) && !p.prefix.to_ascii_lowercase().starts_with("xml");
            if !ok || prefixes.iter().any(|(q, _)| q == &p.prefix) {
                let reason = "a name without ':', not starting with 'xml', declared once";
                return Err(ApiError::invalid(at(&format!("prefixes[{k}].prefix")), reason));
            }
            if p.uri.is_empty() || !valid_chars(&p.uri) {
                return Err(ApiError::invalid(at(&format!("prefixes[{k}].uri")), "empty"));
            }
            prefixes.push((p.prefix.clone(), p.uri.clone()));
        }
        if d.fields.is_empty() || d.fields.len() > MAX_FIELDS {
            return Err(ApiError::invalid(at("fields"), format!("1 to {MAX_FIELDS} fields")));
        }
        let mut fields: Vec<Field> = Vec::with_capacity(d.fields.len());
        for (j, f) in d.fields.iter().enumerate() {
            let at = |what: &str| format!("documents[{i}].fields[{j}].{what}");
            let n = f.name.chars().count();
            if n == 0 || n > MAX_NAME || f.name.chars().any(char::is_control) {
                let reason = format!("1 to {MAX_NAME} characters, no control characters");
                return Err(ApiError::invalid(at("name"), reason));
            }
            if fields.iter().any(|o| o.name == f.name) {
                return Err(ApiError::invalid(at("name"), "another field of the document has it"));
            }
            let (elements, attribute) =
                parse_path(&f.path, &prefixes).map_err(|e| ApiError::invalid(at("path"), e))?;
            let field = Field { name: f.name.clone(), kind: f.kind, elements, attribute };
            if let Some(first) = fields.first()
                && first.elements[0] != field.elements[0]
            {
                let reason =
                    format!("must start at the root element `{}`", first.elements[0].qname);
                return Err(ApiError::invalid(at("path"), reason));
            }
            if field.kind == FieldKind::Xml
                && (field.attribute.is_some() || field.elements.len() < 2)
            {
                return Err(ApiError::invalid(
                    at("type"),
                    "an xml field names an element below the root",
                ));
            }
            if let Some(other) = fields.iter().find(|o| clashes(o, &field)) {
                let reason = format!("clashes with the path of field `{}`", other.name);
                return Err(ApiError::invalid(at("path"), reason));
            }
            fields.push(field);
        }
        out.push(Document {
            service_indication: si.clone(),
            namespace: d.namespace.clone(),
            prefixes,
            fields,
        });
    }
    Ok(out)
}

/// Whether two fields cannot both have a value: the same place, or one's value is the content
/// of an element the other's path goes into (or, for an XML field, puts an attribute on).
fn clashes(a: &Field, b: &Field) -> bool {
    if a.elements == b.elements && a.attribute == b.attribute {
        return true;
    }
    let holds = |x: &Field, y: &Field| {
        x.attribute.is_none()
            && y.elements.starts_with(&x.elements)
            && (y.elements.len() > x.elements.len() || x.kind == FieldKind::Xml)
    };
    holds(a, b) || holds(b, a)
}

/// `a/b:c/d` or `a/b/@e`: element steps from the root, optionally an attribute last.
fn parse_path(
    path: &str,
    prefixes: &[(String, String)],
) -> Result<(Vec<Step>, Option<Step>), String> {
    let mut elements = Vec::new();
    let mut attribute = None;
    let steps: Vec<&str> = path.split('/').collect();
    for (i, raw) in steps.iter().enumerate() {
        if attribute.is_some() {
            return Err("an attribute step (`@name`) must come last".into());
        }
        let (is_attribute, name) = match raw.strip_prefix('@') {
            Some(name) => (true, name),
            None => (false, *raw),
        };
        if name.is_empty() {
            return Err(format!("step {} is empty", i + 1));
        }
        let step = parse_qname(name, prefixes)?;
        if is_attribute {
            if step.qname == "xmlns" || step.qname.starts_with("xmlns:") {
                return Err("namespace declarations are not fields".into());
            }
            attribute = Some(step);
        } else {
            elements.push(step);
        }
    }
    if elements.is_empty() {
        return Err("needs the root element first".into());
    }
    Ok((elements, attribute))
}

fn parse_qname(name: &str, prefixes: &[(String, String)]) -> Result<Step, String> {
    let (prefix, local) = match name.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, name),
    };
    if !is_ncname(local) || prefix.is_some_and(|p| !is_ncname(p)) {
        return Err(format!("`{name}` is not an XML name"));
    }
    if let Some(p) = prefix
        && !prefixes.iter().any(|(q, _)| q == p)
    {
        return Err(format!("prefix `{p}` is not declared in `prefixes`"));
    }
    Ok(Step { qname: name.to_owned(), local: local.to_owned() })
}

/// An XML name without a colon (NCName), ASCII-strict on punctuation.
fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Characters XML 1.0 allows.
pub(super) fn valid_chars(s: &str) -> bool {
    s.chars().all(|c| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    })
}

/// Checks a value given for `field` and returns it as it will be written (booleans as
/// `true`/`false`, integers without leading zeros or `+`, an XML element without its XML
/// declaration); `Err` is the reason.
pub(super) fn check_value(field: &Field, value: &str) -> Result<String, String> {
    if !valid_chars(value) {
        return Err("has characters XML does not allow".into());
    }
    match field.kind {
        FieldKind::Text => Ok(value.to_owned()),
        FieldKind::Boolean => match value.trim() {
            "true" | "1" => Ok("true".into()),
            "false" | "0" => Ok("false".into()),
            _ => Err("must be true or false".into()),
        },
        FieldKind::Integer => value
            .trim()
            .parse::<i64>()
            .map(|n| n.to_string())
            .map_err(|_| "must be an integer".into()),
        FieldKind::Xml => {
            let doc = roxmltree::Document::parse(value)
                .map_err(|e| format!("not a well-formed XML element: {e}"))?;
            let root = doc.root_element();
            let want = &field.elements[field.elements.len() - 1].local;
            if root.tag_name().name() != want {
                return Err(format!("must be a `{want}` element"));
            }
            Ok(value[root.range()].to_owned())
        }
    }
}

/// An element of a document being built.
#[derive(Debug, Default)]
struct Node {
    qname: String,
    attributes: Vec<(String, String)>,
    text: Option<String>,
    /// An XML field's element, written as is in place of this node.
    raw: Option<String>,
    children: Vec<Node>,
}

/// The document `doc` with `values` (by field index; checked by [`check_value`]): the root
/// element with its namespace declarations and every element a value needs, in the order of
/// the fields.
pub(super) fn build(doc: &Document, values: &[Option<String>]) -> String {
    let root_step = &doc.fields[0].elements[0];
    let mut root = Node { qname: root_step.qname.clone(), ..Node::default() };
    for (field, value) in doc.fields.iter().zip(values) {
        let Some(value) = value else { continue };
        let mut node = &mut root;
        for step in &field.elements[1..] {
            let i = match node.children.iter().position(|c| c.qname == step.qname) {
                Some(i) => i,
                None => {
                    node.children.push(Node { qname: step.qname.clone(), ..Node::default() });
                    node.children.len() - 1
                }
            };
            node = &mut node.children[i];
        }
        match (&field.attribute, field.kind) {
            (Some(attribute), _) => node.attributes.push((attribute.qname.clone(), value.clone())),
            (None, FieldKind::Xml) => node.raw = Some(value.clone()),
            (None, _) => node.text = Some(value.clone()),
        }
    }
    let mut declarations: Vec<(String, String)> = Vec::new();
    if let Some(ns) = &doc.namespace {
        declarations.push(("xmlns".into(), ns.clone()));
    }
    for (prefix, uri) in &doc.prefixes {
        declarations.push((format!("xmlns:{prefix}"), uri.clone()));
    }
    root.attributes.splice(0..0, declarations);
    let mut out = String::new();
    write_node(&root, &mut out);
    out
}

fn write_node(node: &Node, out: &mut String) {
    if let Some(raw) = &node.raw {
        out.push_str(raw);
        return;
    }
    out.push('<');
    out.push_str(&node.qname);
    for (name, value) in &node.attributes {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        out.push_str(&escape_attribute(value));
        out.push('"');
    }
    if node.text.is_none() && node.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    if let Some(text) = &node.text {
        out.push_str(&escape_text(text));
    }
    for child in &node.children {
        write_node(child, out);
    }
    out.push_str("</");
    out.push_str(&node.qname);
    out.push('>');
}

/// `s` escaped for element content.
pub(super) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// `s` escaped for a double-quoted attribute value (white space kept as written).
pub(super) fn escape_attribute(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push_str(&escape_text(c.encode_utf8(&mut [0; 4]))),
        }
    }
    out
}

/// The value of every field of `doc` in stored ServiceData (content of the ServiceData
/// element), `None` where the document has none. ServiceData that is not well-formed, or
/// whose root element is another, has no values.
pub(super) fn read(doc: &Document, service_data: &str) -> Vec<Option<String>> {
    let mut out = vec![None; doc.fields.len()];
    let wrapped = format!("<ServiceData>{service_data}</ServiceData>");
    let parsed = match roxmltree::Document::parse(&wrapped) {
        Ok(parsed) => parsed,
        Err(e) => {
            let si = &doc.service_indication;
            tracing::warn!(si, error = %e, "stored ServiceData unreadable");
            return out;
        }
    };
    let root_local = &doc.fields[0].elements[0].local;
    let Some(root) = parsed.root_element().children().find(|n| n.has_tag_name(root_local.as_str()))
    else {
        return out;
    };
    for (slot, field) in out.iter_mut().zip(&doc.fields) {
        let mut node = root;
        let mut found = true;
        for step in &field.elements[1..] {
            match node.children().find(|n| n.has_tag_name(step.local.as_str())) {
                Some(child) => node = child,
                None => {
                    found = false;
                    break;
                }
            }
        }
        if !found {
            continue;
        }
        let value = match (&field.attribute, field.kind) {
            (Some(attribute), _) => node
                .attributes()
                .find(|a| a.name() == attribute.local)
                .map(|a| a.value().to_owned()),
            (None, FieldKind::Xml) => Some(standalone(node, &wrapped)),
            (None, _) => {
                Some(node.children().filter(|c| c.is_text()).filter_map(|c| c.text()).collect())
            }
        };
        *slot = match field.kind {
            FieldKind::Boolean | FieldKind::Integer => value.map(|v| v.trim().to_owned()),
            FieldKind::Text | FieldKind::Xml => value,
        };
    }
    out
}

/// `node`'s source text made self-contained: the namespaces it inherits from its ancestors
/// declared on its start tag.
fn standalone(node: roxmltree::Node<'_, '_>, source: &str) -> String {
    let text = &source[node.range()];
    let (name_end, declared) = start_tag(text);
    let mut missing = String::new();
    for ns in node.namespaces() {
        let attribute = match ns.name() {
            Some("xml") => continue,
            Some(prefix) => format!("xmlns:{prefix}"),
            None => "xmlns".to_owned(),
        };
        if !declared.contains(&attribute.as_str()) {
            missing.push_str(&format!(" {attribute}=\"{}\"", escape_attribute(ns.uri())));
        }
    }
    format!("{}{missing}{}", &text[..name_end], &text[name_end..])
}

/// Where the element name of the start tag at the beginning of `text` ends, and the names of
/// the tag's attributes (the source is well-formed: roxmltree parsed it).
fn start_tag(text: &str) -> (usize, Vec<&str>) {
    let b = text.as_bytes();
    let mut i = 1;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let name_end = i;
    let mut names = Vec::new();
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() || b[i] == b'/' || b[i] == b'>' {
            break;
        }
        let start = i;
        while i < b.len() && b[i] != b'=' && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        names.push(&text[start..i]);
        while i < b.len() && b[i] != b'"' && b[i] != b'\'' {
            i += 1;
        }
        let Some(&quote) = b.get(i) else { break };
        i += 1;
        while i < b.len() && b[i] != quote {
            i += 1;
        }
        i += 1;
    }
    (name_end, names)
}
