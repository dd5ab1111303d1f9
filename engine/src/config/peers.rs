//! The peer table: `[[peer]]` entries of the configuration file or of `peers_file`.
//!
//! ```toml
//! [[peer]]
//! host = "mme1.epc.mnc001.mcc001.3gppnetwork.org"   # Origin-Host, required
//! realm = "epc.mnc001.mcc001.3gppnetwork.org"       # default: the host without its first label
//! addresses = ["10.0.0.5", "10.0.1.0/24"]           # where it connects from, required
//! role = "mme"                                      # mme (sgsn), cscf, as, aaa, eir_client, relay
//! applications = ["s6a", "s13"]                     # default: the role's
//! plmns = ["00101"]                                 # Visited-PLMN-Ids it may claim (MCC+MNC)
//! relay_realms = ["epc.mnc002.mcc002.3gppnetwork.org"]  # relay only: whose requests it carries
//! max_connections = 1                               # 1 to 16
//! ```

use std::path::Path;

use codec::ApplicationId;
use store::auc::PlmnId;

use super::values::{Raw, identity};
use super::{ConfigError, Source};
use crate::peer::{MAX_CONNECTIONS_PER_PEER, Network, PeerEntry, Role, plmns_of_realm};

/// The fields an entry may have.
const FIELDS: &[&str] = &[
    "host",
    "realm",
    "addresses",
    "role",
    "applications",
    "plmns",
    "relay_realms",
    "max_connections",
];

/// Application names as the table writes them.
const APPLICATIONS: &[(&str, ApplicationId)] = &[
    ("s6a", ApplicationId::S6A),
    ("s6d", ApplicationId::S6A),
    ("s13", ApplicationId::S13),
    ("cx", ApplicationId::CX),
    ("dx", ApplicationId::CX),
    ("sh", ApplicationId::SH),
    ("dh", ApplicationId::SH),
    ("swx", ApplicationId::SWX),
];

/// The entries of `value` (the `peer` array of a file at `path`), appended to `into`; an error
/// names the entry, the field and the file.
pub(super) fn read(
    value: toml::Value,
    path: &Path,
    into: &mut Vec<PeerEntry>,
) -> Result<(), ConfigError> {
    let invalid = |message: String| ConfigError::Invalid {
        key: "peer",
        message,
        from: Source::File(path.to_owned()),
    };
    let toml::Value::Array(items) = value else {
        return Err(invalid("must be a list of tables ([[peer]])".into()));
    };
    for (i, item) in items.into_iter().enumerate() {
        let toml::Value::Table(table) = item else {
            return Err(invalid(format!("entry {}: must be a table", i + 1)));
        };
        let entry = entry(table).map_err(|m| invalid(format!("entry {}: {m}", i + 1)))?;
        if into.iter().any(|e| e.host.eq_ignore_ascii_case(&entry.host)) {
            return Err(invalid(format!("entry {}: host {:?} is listed twice", i + 1, entry.host)));
        }
        into.push(entry);
    }
    Ok(())
}

/// The `peer` array of the file `path` (which holds nothing else).
pub(super) fn read_file(path: &Path, into: &mut Vec<PeerEntry>) -> Result<(), ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| ConfigError::Read { path: path.to_owned(), source })?;
    let mut table: toml::Table = text.parse().map_err(|e: toml::de::Error| ConfigError::Parse {
        path: path.to_owned(),
        message: e.to_string().trim_end().to_owned(),
    })?;
    let peers = table.remove("peer");
    if let Some(key) = table.keys().next() {
        let key = key.clone();
        return Err(ConfigError::UnknownKey { path: path.to_owned(), key });
    }
    match peers {
        Some(value) => read(value, path, into),
        None => Ok(()),
    }
}

fn entry(mut t: toml::Table) -> Result<PeerEntry, String> {
    if let Some(unknown) = t.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(format!("unknown field {unknown:?} (fields: {})", FIELDS.join(", ")));
    }
    let mut take = |name: &str| t.remove(name).map(Raw::from_toml);
    let field = |name: &'static str| move |m: String| format!("{name}: {m}");
    let host = identity(take("host").ok_or("host: missing")?).map_err(field("host"))?;
    let realm = match take("realm") {
        Some(raw) => identity(raw).map_err(field("realm"))?,
        None => match host.split_once('.') {
            Some((_, realm)) => realm.to_owned(),
            None => return Err(format!("realm: missing, and host {host:?} has no domain")),
        },
    };
    let prefix = format!("{host}: ");
    let role_name = text(take("role").ok_or("role: missing")?).map_err(field("role"))?;
    let role = Role::parse(&role_name).ok_or_else(|| {
        let names: Vec<&str> = Role::ALL.iter().map(|(_, n)| *n).collect();
        format!("{prefix}role: {role_name:?} is not one of {}", names.join(", "))
    })?;
    let addresses = list(take("addresses").ok_or(format!("{prefix}addresses: missing"))?)
        .map_err(field("addresses"))?;
    if addresses.is_empty() {
        return Err(format!("{prefix}addresses: lists no address"));
    }
    let networks = (addresses.iter().map(|a| Network::parse(a)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|m| format!("{prefix}addresses: {m}"))?;
    let applications = match take("applications") {
        None => role.default_applications().to_vec(),
        Some(raw) => applications(raw).map_err(|m| format!("{prefix}applications: {m}"))?,
    };
    let plmns = match take("plmns") {
        None => Vec::new(),
        Some(raw) => plmns(raw).map_err(|m| format!("{prefix}plmns: {m}"))?,
    };
    let relay_realms = match take("relay_realms") {
        None => Vec::new(),
        Some(raw) => {
            let realms = list(raw).map_err(field("relay_realms"))?;
            for r in &realms {
                identity(Raw::Text(r.clone())).map_err(|m| format!("{prefix}relay_realms: {m}"))?;
            }
            realms
        }
    };
    if role != Role::Relay && !relay_realms.is_empty() {
        return Err(format!("{prefix}relay_realms: only a relay carries other realms"));
    }
    if role == Role::Mme && plmns.is_empty() && plmns_of_realm(&realm).is_empty() {
        return Err(format!(
            "{prefix}plmns: its realm {realm:?} names no PLMN, so list the PLMNs it serves"
        ));
    }
    let max_connections = match take("max_connections") {
        None => 1,
        Some(raw) => super::values::number(raw, 1, MAX_CONNECTIONS_PER_PEER as u64)
            .map_err(|m| format!("{prefix}max_connections: {m}"))? as usize,
    };
    Ok(PeerEntry {
        host,
        realm,
        networks,
        role,
        applications,
        relay_realms,
        plmns,
        max_connections,
    })
}

fn text(raw: Raw) -> Result<String, String> {
    super::values::text(raw)
}

fn list(raw: Raw) -> Result<Vec<String>, String> {
    match raw {
        Raw::List(items) => Ok(items),
        Raw::Text(one) => Ok(vec![one]),
        other => text(other).map(|s| vec![s]),
    }
}

fn applications(raw: Raw) -> Result<Vec<ApplicationId>, String> {
    let mut ids = Vec::new();
    for name in list(raw)? {
        let lower = name.trim().to_ascii_lowercase();
        let Some((_, id)) = APPLICATIONS.iter().find(|(n, _)| *n == lower) else {
            let names: Vec<&str> = APPLICATIONS.iter().map(|(n, _)| *n).collect();
            return Err(format!("{name:?} is not one of {}", names.join(", ")));
        };
        if !ids.contains(id) {
            ids.push(*id);
        }
    }
    if ids.is_empty() {
        return Err("lists no application".into());
    }
    Ok(ids)
}

/// `MCCMNC`: 5 digits (2-digit MNC) or 6 (3-digit MNC).
fn plmns(raw: Raw) -> Result<Vec<[u8; 3]>, String> {
    let mut out = Vec::new();
    for s in list(raw)? {
        let s = s.trim();
        let parsed = (s.len() == 5 || s.len() == 6)
            .then(|| PlmnId::from_mcc_mnc(&s[..3], &s[3..]).ok())
            .flatten()
            .filter(|_| s.bytes().all(|b| b.is_ascii_digit()));
        match parsed {
            Some(p) => out.push(*p.as_bytes()),
            None => return Err(format!("{s:?} is not MCC+MNC (5 or 6 digits)")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<PeerEntry>, String> {
        let mut table: toml::Table = text.parse().expect("toml");
        let mut into = Vec::new();
        read(table.remove("peer").expect("peer"), Path::new("peers.toml"), &mut into)
            .map_err(|e| e.to_string())?;
        Ok(into)
    }

    #[test]
    fn an_entry_gets_its_role_s_defaults() {
        let peers = parse(
            r#"
            [[peer]]
            host = "mme1.epc.mnc001.mcc001.3gppnetwork.org"
            addresses = ["10.0.0.5", "10.0.1.0/24"]
            role = "mme"

            [[peer]]
            host = "dra1.example.net"
            realm = "example.net"
            addresses = "192.0.2.0/24"
            role = "relay"
            relay_realms = ["epc.mnc002.mcc002.3gppnetwork.org"]
            applications = ["s6a"]
            max_connections = 4
            "#,
        )
        .unwrap();
        assert_eq!(peers[0].realm, "epc.mnc001.mcc001.3gppnetwork.org");
        assert_eq!(peers[0].role, Role::Mme);
        assert_eq!(peers[0].applications, [ApplicationId::S6A, ApplicationId::S13]);
        assert_eq!(peers[0].networks.len(), 2);
        assert_eq!(peers[0].max_connections, 1);
        assert_eq!(peers[1].applications, [ApplicationId::S6A]);
        assert_eq!(peers[1].relay_realms, ["epc.mnc002.mcc002.3gppnetwork.org"]);
        assert_eq!(peers[1].max_connections, 4);
    }

    #[test]
    fn mistakes_name_the_entry_and_the_field() {
        let base = "host = \"mme1.epc.mnc001.mcc001.3gppnetwork.org\"\nrole = \"mme\"\n";
        for (extra, expected) in [
            (
                "addresses = [\"10.0.0.1/8\"]",
                "entry 1: mme1.epc.mnc001.mcc001.3gppnetwork.org: addresses",
            ),
            ("addresses = []", "addresses: lists no address"),
            ("", "addresses: missing"),
            (
                "addresses = [\"10.0.0.1\"]\napplications = [\"gx\"]",
                "applications: \"gx\" is not one of",
            ),
            ("addresses = [\"10.0.0.1\"]\nplmns = [\"0010\"]", "plmns: \"0010\" is not MCC+MNC"),
            (
                "addresses = [\"10.0.0.1\"]\nmax_connections = 17",
                "max_connections: must be between 1 and 16",
            ),
            ("addresses = [\"10.0.0.1\"]\nrelay_realms = [\"x.org\"]", "only a relay carries"),
            ("addresses = [\"10.0.0.1\"]\nport = 1", "unknown field \"port\""),
        ] {
            let e = parse(&format!("[[peer]]\n{base}{extra}\n")).unwrap_err();
            assert!(e.contains(expected), "{e}");
            assert!(e.starts_with("peer: ") && e.ends_with("(from peers.toml)"), "{e}");
        }
        let e =
            parse("[[peer]]\nhost = \"mme1.example.org\"\nrole = \"mme\"\naddresses = \"::1\"\n")
                .unwrap_err();
        assert!(e.contains("names no PLMN"), "{e}");
        let e = parse("[[peer]]\nhost = \"a.example.org\"\nrole = \"hlr\"\naddresses = \"::1\"\n")
            .unwrap_err();
        assert!(e.contains("role: \"hlr\" is not one of mme, cscf"), "{e}");
        let twice = "[[peer]]\nhost = \"a.example.org\"\nrole = \"as\"\naddresses = \"::1\"\n";
        let e = parse(&format!("{twice}{}", twice.replace("a.example", "A.EXAMPLE"))).unwrap_err();
        assert!(e.contains("entry 2: host \"A.EXAMPLE.org\" is listed twice"), "{e}");
    }
}
