//! JSON shapes shared by several resources, and their conversions to the store's model.

use serde::{Deserialize, Serialize};
use store::{Ambr, Arp, PdnType};
use utoipa::ToSchema;

use crate::error::ApiError;

/// Aggregate maximum bit rate in bit/s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Ambr)]
pub struct AmbrJson {
    /// Uplink, bit/s.
    pub uplink: u64,
    /// Downlink, bit/s.
    pub downlink: u64,
}

impl From<AmbrJson> for Ambr {
    fn from(a: AmbrJson) -> Self {
        Self { uplink: a.uplink, downlink: a.downlink }
    }
}

impl From<Ambr> for AmbrJson {
    fn from(a: Ambr) -> Self {
        Self { uplink: a.uplink, downlink: a.downlink }
    }
}

/// A partial AMBR for `PATCH`: the fields given replace the stored ones.
#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AmbrPatch)]
pub struct AmbrPatch {
    /// New uplink, bit/s.
    pub uplink: Option<u64>,
    /// New downlink, bit/s.
    pub downlink: Option<u64>,
}

impl AmbrPatch {
    /// `old` with the given fields replaced.
    pub fn apply(self, old: Ambr) -> Ambr {
        Ambr {
            uplink: self.uplink.unwrap_or(old.uplink),
            downlink: self.downlink.unwrap_or(old.downlink),
        }
    }
}

/// Allocation and retention priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Arp)]
pub struct ArpJson {
    /// 1 (highest) ..= 15.
    pub priority_level: u8,
    /// May pre-empt other bearers.
    pub pre_emption_capability: bool,
    /// May be pre-empted.
    pub pre_emption_vulnerability: bool,
}

impl From<ArpJson> for Arp {
    fn from(a: ArpJson) -> Self {
        Self {
            priority_level: a.priority_level,
            pre_emption_capability: a.pre_emption_capability,
            pre_emption_vulnerability: a.pre_emption_vulnerability,
        }
    }
}

impl From<Arp> for ArpJson {
    fn from(a: Arp) -> Self {
        Self {
            priority_level: a.priority_level,
            pre_emption_capability: a.pre_emption_capability,
            pre_emption_vulnerability: a.pre_emption_vulnerability,
        }
    }
}

/// A partial ARP for `PATCH`.
#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ArpPatch)]
pub struct ArpPatch {
    /// New priority level.
    pub priority_level: Option<u8>,
    /// New pre-emption capability.
    pub pre_emption_capability: Option<bool>,
    /// New pre-emption vulnerability.
    pub pre_emption_vulnerability: Option<bool>,
}

impl ArpPatch {
    /// `old` with the given fields replaced.
    pub fn apply(self, old: Arp) -> Arp {
        Arp {
            priority_level: self.priority_level.unwrap_or(old.priority_level),
            pre_emption_capability: self
                .pre_emption_capability
                .unwrap_or(old.pre_emption_capability),
            pre_emption_vulnerability: self
                .pre_emption_vulnerability
                .unwrap_or(old.pre_emption_vulnerability),
        }
    }
}

/// PDN type of an APN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = PdnType)]
pub enum PdnTypeJson {
    /// IPv4 only.
    Ipv4,
    /// IPv6 only.
    Ipv6,
    /// Dual stack.
    Ipv4v6,
    /// IPv4 or IPv6, the network chooses.
    Ipv4OrIpv6,
}

impl From<PdnTypeJson> for PdnType {
    fn from(p: PdnTypeJson) -> Self {
        match p {
            PdnTypeJson::Ipv4 => Self::Ipv4,
            PdnTypeJson::Ipv6 => Self::Ipv6,
            PdnTypeJson::Ipv4v6 => Self::Ipv4v6,
            PdnTypeJson::Ipv4OrIpv6 => Self::Ipv4OrIpv6,
        }
    }
}

impl From<PdnType> for PdnTypeJson {
    fn from(p: PdnType) -> Self {
        match p {
            PdnType::Ipv4 => Self::Ipv4,
            PdnType::Ipv6 => Self::Ipv6,
            PdnType::Ipv4v6 => Self::Ipv4v6,
            PdnType::Ipv4OrIpv6 => Self::Ipv4OrIpv6,
        }
    }
}

/// One page of a list, as every collection answers it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Page)]
pub struct PageJson<T> {
    /// The items, in key order.
    pub items: Vec<T>,
    /// Page number, from 1.
    pub page: usize,
    /// Requested page size.
    pub page_size: usize,
    /// Items in all pages together.
    pub total: u64,
}

impl<T> PageJson<T> {
    /// The answer for `page` of the store's `p`, each item converted.
    pub fn from_page<S: Into<T>>(page: crate::extract::Pagination, p: store::Page<S>) -> Self {
        Self {
            items: p.items.into_iter().map(Into::into).collect(),
            page: page.page,
            page_size: page.page_size,
            total: p.total,
        }
    }
}

/// One page of a filtered list read with a cursor: at most `limit` items, and `next` to pass as
/// `cursor` for the next page (absent at the end).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CursorPage)]
pub struct CursorPageJson<T> {
    /// The items, in key order.
    pub items: Vec<T>,
    /// The page size asked for (or the default).
    pub limit: usize,
    /// The cursor of the next page; absent: the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// Parses fixed-length hex (`amf`: 4 digits) naming `field` on error.
pub fn hex_array<const N: usize>(field: &str, hex: &str) -> Result<[u8; N], ApiError> {
    let mut out = [0u8; N];
    hex::decode_to_slice(hex, &mut out)
        .map_err(|_| ApiError::invalid(field, format!("must be {} hex digits", 2 * N)))?;
    Ok(out)
}

/// `e` with its field moved under `prefix` when the field's first segment is a field of
/// `T`'s JSON form: the store names the fields of a nested part (the subscription options, an
/// APN profile's options) by their own names (`charging_characteristics`, `non_3gpp.apns`),
/// the API by their path in the body (`options.charging_characteristics`). Other errors pass
/// unchanged.
pub fn nest_field<T: Serialize + Default>(mut e: ApiError, prefix: &str) -> ApiError {
    let Some(field) = e.field.as_deref() else { return e };
    let head = field.split(['.', '[']).next().unwrap_or(field);
    let nested = match serde_json::to_value(T::default()) {
        Ok(serde_json::Value::Object(fields)) => fields.contains_key(head),
        _ => false,
    };
    if nested {
        let path = format!("{prefix}.{field}");
        e.message = e.message.replacen(field, &path, 1);
        e.field = Some(path);
    }
    e
}

/// Formats a time as RFC 3339 UTC with milliseconds (`2026-11-23T10:00:00.123Z`).
pub fn rfc3339(t: std::time::SystemTime) -> String {
    let ms = t.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
    let ms = u64::try_from(ms).unwrap_or(u64::MAX);
    let (secs, millis) = (ms / 1000, ms % 1000);
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    #[test]
    fn rfc3339_formats_known_instants() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        // 2000-02-29 (a leap day in a century leap year) 12:34:56.789
        let t = UNIX_EPOCH + Duration::from_millis(951_827_696_789);
        assert_eq!(rfc3339(t), "2000-02-29T12:34:56.789Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_795_435_200);
        assert_eq!(rfc3339(t), "2026-11-23T12:00:00.000Z");
    }

    #[test]
    fn nest_field_prefixes_only_nested_fields() {
        #[derive(Default, Serialize)]
        struct Nested {
            charging_characteristics: Option<String>,
            non_3gpp: Vec<u32>,
        }
        let nest = |field: &str| {
            let e = ApiError::invalid(field, "bad");
            let e = nest_field::<Nested>(e, "options");
            (e.field, e.message)
        };
        assert_eq!(
            nest("charging_characteristics"),
            (
                Some("options.charging_characteristics".into()),
                "invalid options.charging_characteristics: bad".into()
            )
        );
        assert_eq!(nest("non_3gpp.apns").0, Some("options.non_3gpp.apns".into()));
        assert_eq!(nest("non_3gpp[2]").0, Some("options.non_3gpp[2]".into()));
        assert_eq!(nest("msisdn").0, Some("msisdn".into()));
        let no_field = ApiError::new(axum::http::StatusCode::NOT_FOUND, "x", "y");
        assert_eq!(nest_field::<Nested>(no_field.clone(), "options"), no_field);
    }

    #[test]
    fn hex_names_the_field() {
        assert_eq!(hex_array::<2>("amf", "8000"), Ok([0x80, 0]));
        assert_eq!(hex_array::<2>("amf", "800").map_err(|e| e.field), Err(Some("amf".into())));
        assert_eq!(hex_array::<2>("amf", "zz00").map_err(|e| e.field), Err(Some("amf".into())));
    }
}
