//! Key layout of the store, in one place: one column family (or, for other backends, one key
//! space) per kind of value, and the byte encoding of every key.
//!
//! ```text
//! kind              key                                   value
//! subscriber        subscriber key (u64 BE)               Subscriber
//! auth              subscriber key                        Ki, OPc, AMF
//! sqn_reservation   subscriber key                        SQN high-water mark
//! serving_node      subscriber key || node kind (u8)      serving node (host, realm, time)
//! apn_profile       APN id (u32 BE)                       ApnProfile
//! msisdn_index      MSISDN (u64 BE, packed)               subscriber key
//! apn_index         APN id (u32 BE) || subscriber key     (empty)
//! meta              ASCII name                            counters
//! ims_subscription  subscriber key                        ImsSubscription (JSON document)
//! impi_index        IMPI (text)                           subscriber key
//! impu_index        IMPU (text, scheme lowercased)        subscriber key
//! ifc_set           iFC set id (u32 BE)                   IfcSet (JSON document)
//! ifc_set_index     iFC set id || subscriber key          (empty)
//! ims_registration  subscriber key                        ImsRegistration (JSON document)
//! repository_data   subscriber key || IMPU || SI           sequence number, ServiceData
//! as_permission     AS host or realm (lowercase)          AsPermissions (JSON document)
//! sh_subscription   subscriber key || IMPU || data ref     AS realm, expiry
//!                   || SI || AS host
//! user_data_template template id (u32 BE)                UserDataTemplate (JSON document)
//! template_index    template id || subscriber key         (empty)
//! eir_rule          rule id (u32 BE)                      EirRule (JSON document)
//! eir_history       ring slot (u32 BE)                    EirCheck (JSON document)
//! equipment         subscriber key                        SeenEquipment (JSON document)
//! roaming_profile   profile id (u32 BE)                   RoamingProfile (JSON document)
//! notify_state      subscriber key                        NotifyState (JSON document)
//! eps_profile       profile id (u32 BE)                   EpsProfile (JSON document)
//! eps_profile_index profile id (u32 BE) || IMSI (u64 BE)  ()
//! static_ip_index   APN id (u32 BE) || family (4 or 6)    IMSI (u64)
//!                   || address octets
//! api_token         token name (text)                     ApiToken (JSON document)
//! operation_log     operation number (u64 BE)             Operation (JSON document)
//! operation_index   'k' kind key-length key number,       ()
//!                   'g' id-length operation_id number     (see service/oplog.rs)
//!
//! In the Sh keys an IMPU (index form) and a Service-Indication are each prefixed by their
//! length (u16 BE), so that one identity's entries are one prefix scan.
//! ```
//!
//! Every value starts with a schema version byte (module `value`). Numbers are big-endian so
//! that key order is numeric order and a page of a list is one forward scan.
//!
//! The subscriber key ([`crate::SubscriberKey`]) is what every identity resolves to; for a
//! subscriber with an IMSI it is the packed IMSI, so an S6a request needs no index read. Index
//! families map the other identities to it with one read each (MSISDN today; IMPI and IMPU
//! with IMS, in families of their own keyed by the identity's text). The serving-node family
//! keeps one record per kind of node (MME; later S-CSCF, 3GPP AAA server), all of one
//! subscriber under one 8-byte prefix.
//!
//! Digit strings (IMSI, MSISDN) are packed into a `u64`: the digit count in the top four bits,
//! the decimal value in the low 60 bits.
//!
//! ```text
//!  63    60 59                                                   0
//! +--------+------------------------------------------------------+
//! | digits |             decimal value (< 10^15 < 2^50)            |
//! +--------+------------------------------------------------------+
//! ```
//!
//! The count keeps leading zeros (`"001"` and `"01"` pack differently) so the packing is
//! one-to-one; keys sort by length, then numerically, which for the usual fixed-length IMSIs
//! of one operator is plain numeric order.

/// A kind of stored value: a RocksDB column family, or a key space in another backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Subscriber profiles, read on every cache miss; its own CF so that its bloom filter and
    /// blocks serve only profile lookups.
    Subscriber,
    /// Ki/OPc/AMF: written at provisioning only, kept apart so secrets never share a block
    /// with data that REST lists scan.
    Auth,
    /// The SQN reservation high-water mark: the only value written with `sync` on the AIR
    /// path, tiny, so its own CF keeps those WAL/memtable writes small and its compactions
    /// cheap.
    SqnReservation,
    /// The serving nodes (the MME), written on every ULR/PUR (unsynced): kept out of the
    /// profile so a location update never rewrites or invalidates the cached profile.
    ServingNode,
    /// APN profiles, few and shared by many subscribers.
    ApnProfile,
    /// MSISDN → IMSI, for lookups by MSISDN (Sh, REST); written in the same batch as the
    /// subscriber.
    MsisdnIndex,
    /// (APN id, IMSI) → (): which subscribers use an APN profile, so deleting a profile in use
    /// is refused and a profile change can reach its subscribers (IDR) without a full scan.
    ApnIndex,
    /// Counters (entities per kind) kept in the same batch as the writes they count, so a
    /// list's total needs no scan.
    Meta,
    /// IMS subscriptions (Cx, Sh), by subscriber key: the linked IMSI's, or a number of the
    /// store's for a subscription without one.
    ImsSubscription,
    /// IMPI → subscriber key (Cx UAR, MAR, SAR by User-Name).
    ImpiIndex,
    /// IMPU → subscriber key (Cx, Sh by Public-Identity).
    ImpuIndex,
    /// iFC sets shared by service profiles.
    IfcSet,
    /// (iFC set id, subscriber key) → (): which subscriptions use a set.
    IfcSetIndex,
    /// The S-CSCF registration of an IMS subscription (SAR), written unsynced like the MME's.
    ImsRegistration,
    /// Sh repository data (transparent data) per public identity and Service-Indication.
    RepositoryData,
    /// The Sh permissions of application servers.
    AsPermission,
    /// Sh subscriptions to notifications (SNR).
    ShSubscription,
    /// Cx User-Data templates.
    UserDataTemplate,
    /// (template id, subscriber key) → (): which subscriptions a template renders.
    TemplateIndex,
    /// The EIR's rules (S13).
    EirRule,
    /// The EIR's recent checks, a ring of fixed size.
    EirHistory,
    /// The equipment each subscriber was last seen with (ECR, ULR).
    Equipment,
    /// Roaming profiles: per visited PLMN, whether data and IMS are allowed.
    RoamingProfile,
    /// (APN id, static address) → IMSI: a static address is unique per APN, and found by
    /// address; written in the same batch as the subscriber.
    StaticIpIndex,
    /// What the MME's Notify-Requests reported per subscriber (PDN GW identities of its
    /// dynamically allocated PDN connections, UE reachability), written unsynced.
    NotifyState,
    /// Shared EPS profiles.
    EpsProfile,
    /// (EPS profile id, IMSI) → (): which subscribers name a profile (its changes reach
    /// their MMEs; a profile in use is not deleted).
    EpsProfileIndex,
    /// The REST API's tokens (names, scopes, keyed digests of the secrets).
    ApiToken,
    /// The operation log: every provisioning write with the values before and after.
    OperationLog,
    /// The operation log's indexes: by key changed and by client group.
    OperationIndex,
}

impl Kind {
    /// Every kind, in a fixed order (the backends create one column family each).
    pub const ALL: [Kind; 30] = [
        Kind::Subscriber,
        Kind::Auth,
        Kind::SqnReservation,
        Kind::ServingNode,
        Kind::ApnProfile,
        Kind::MsisdnIndex,
        Kind::ApnIndex,
        Kind::Meta,
        Kind::ImsSubscription,
        Kind::ImpiIndex,
        Kind::ImpuIndex,
        Kind::IfcSet,
        Kind::IfcSetIndex,
        Kind::ImsRegistration,
        Kind::RepositoryData,
        Kind::AsPermission,
        Kind::ShSubscription,
        Kind::UserDataTemplate,
        Kind::TemplateIndex,
        Kind::EirRule,
        Kind::EirHistory,
        Kind::Equipment,
        Kind::RoamingProfile,
        Kind::StaticIpIndex,
        Kind::NotifyState,
        Kind::EpsProfile,
        Kind::EpsProfileIndex,
        Kind::ApiToken,
        Kind::OperationLog,
        Kind::OperationIndex,
    ];

    /// The column family name; part of the on-disk format, never renamed.
    pub const fn cf_name(self) -> &'static str {
        match self {
            Kind::Subscriber => "subscriber",
            Kind::Auth => "auth",
            Kind::SqnReservation => "sqn_reservation",
            Kind::ServingNode => "serving_node",
            Kind::ApnProfile => "apn_profile",
            Kind::MsisdnIndex => "msisdn_index",
            Kind::ApnIndex => "apn_index",
            Kind::Meta => "meta",
            Kind::ImsSubscription => "ims_subscription",
            Kind::ImpiIndex => "impi_index",
            Kind::ImpuIndex => "impu_index",
            Kind::IfcSet => "ifc_set",
            Kind::IfcSetIndex => "ifc_set_index",
            Kind::ImsRegistration => "ims_registration",
            Kind::RepositoryData => "repository_data",
            Kind::AsPermission => "as_permission",
            Kind::ShSubscription => "sh_subscription",
            Kind::UserDataTemplate => "user_data_template",
            Kind::TemplateIndex => "template_index",
            Kind::EirRule => "eir_rule",
            Kind::EirHistory => "eir_history",
            Kind::Equipment => "equipment",
            Kind::RoamingProfile => "roaming_profile",
            Kind::StaticIpIndex => "static_ip_index",
            Kind::NotifyState => "notify_state",
            Kind::EpsProfile => "eps_profile",
            Kind::EpsProfileIndex => "eps_profile_index",
            Kind::ApiToken => "api_token",
            Kind::OperationLog => "operation_log",
            Kind::OperationIndex => "operation_index",
        }
    }

    /// The kind whose column family is named `name`.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.cf_name() == name)
    }

    /// A dense index, for backends that keep one map per kind.
    pub const fn index(self) -> usize {
        self as usize
    }
}

/// Most digits a packed digit string may hold (E.212 IMSI, E.164 MSISDN).
pub const MAX_DIGITS: usize = 15;
const COUNT_SHIFT: u32 = 60;
const VALUE_MASK: u64 = (1 << COUNT_SHIFT) - 1;

/// Packs a string of `min..=max` ASCII decimal digits (`max <= 15`); `None` for anything else.
pub fn pack_digits(s: &str, min: usize, max: usize) -> Option<u64> {
    let len = s.len();
    if len < min || len > max.min(MAX_DIGITS) {
        return None;
    }
    let mut value = 0u64;
    for b in s.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        // At most 15 digits: value < 10^15, far below u64::MAX.
        value = value * 10 + u64::from(b - b'0');
    }
    Some((len as u64) << COUNT_SHIFT | value)
}

/// The digit count and value of a packed digit string, if it is well formed.
pub fn unpack_digits(packed: u64) -> Option<(usize, u64)> {
    let len = (packed >> COUNT_SHIFT) as usize;
    let value = packed & VALUE_MASK;
    (1..=MAX_DIGITS).contains(&len).then_some(())?;
    (value < 10u64.pow(len as u32)).then_some((len, value))
}

/// Writes the digits of a packed digit string, leading zeros included, into `out`; returns the
/// digit count. The packed value must be well formed ([`unpack_digits`]).
pub(crate) fn write_digits(packed: u64, out: &mut [u8; MAX_DIGITS]) -> usize {
    let Some((len, mut value)) = unpack_digits(packed) else { return 0 };
    for slot in out[..len].iter_mut().rev() {
        // value % 10 < 10, so the cast is exact.
        *slot = b'0' + (value % 10) as u8;
        value /= 10;
    }
    len
}

/// The key of every per-subscriber kind but `serving_node`: the subscriber key (for a
/// subscriber with an IMSI, the packed IMSI), big-endian.
pub fn subscriber_key(key: u64) -> [u8; 8] {
    key.to_be_bytes()
}

/// The serving-node key: the subscriber key, then the kind of node.
pub fn serving_node_key(subscriber_key: u64, kind: u8) -> [u8; 9] {
    let mut key = [0u8; 9];
    key[..8].copy_from_slice(&subscriber_key.to_be_bytes());
    key[8] = kind;
    key
}

/// The MSISDN index key: the packed MSISDN, big-endian.
pub fn msisdn_key(packed_msisdn: u64) -> [u8; 8] {
    packed_msisdn.to_be_bytes()
}

/// The APN profile key: its id, big-endian.
pub fn apn_key(id: u32) -> [u8; 4] {
    id.to_be_bytes()
}

/// The APN index key: APN id then IMSI, so all users of one profile are one prefix scan.
pub fn apn_index_key(id: u32, packed_imsi: u64) -> [u8; 12] {
    let mut key = [0u8; 12];
    key[..4].copy_from_slice(&id.to_be_bytes());
    key[4..].copy_from_slice(&packed_imsi.to_be_bytes());
    key
}

/// The `static_ip_index` key: APN id, address family (4 or 6), the address's octets; so an
/// address is unique per APN, one APN's addresses are one prefix scan, IPv4 before IPv6.
pub fn static_ip_key(apn: u32, address: std::net::IpAddr) -> Vec<u8> {
    let mut key = Vec::with_capacity(21);
    key.extend_from_slice(&apn.to_be_bytes());
    match address {
        std::net::IpAddr::V4(a) => {
            key.push(4);
            key.extend_from_slice(&a.octets());
        }
        std::net::IpAddr::V6(a) => {
            key.push(6);
            key.extend_from_slice(&a.octets());
        }
    }
    key
}

/// The APN id and address of a `static_ip_index` key; `None` for a malformed key.
pub fn static_ip_from_key(key: &[u8]) -> Option<(u32, std::net::IpAddr)> {
    let apn = u32_from_key(key.get(..4)?)?;
    let address = match (key.get(4)?, &key[5..]) {
        (4, octets) => std::net::IpAddr::from(<[u8; 4]>::try_from(octets).ok()?),
        (6, octets) => std::net::IpAddr::from(<[u8; 16]>::try_from(octets).ok()?),
        _ => return None,
    };
    Some((apn, address))
}

/// A u64 key (IMSI, MSISDN) back from its bytes.
pub fn u64_from_key(key: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(key.try_into().ok()?))
}

/// An APN id back from its key.
pub fn u32_from_key(key: &[u8]) -> Option<u32> {
    Some(u32::from_be_bytes(key.try_into().ok()?))
}

/// The `meta` key of the last number given to a subscriber without an IMSI.
pub const STANDALONE_KEY_COUNTER: &[u8] = b"next/standalone_subscriber";

/// The `meta` key of the last template id the store chose.
pub const TEMPLATE_ID_COUNTER: &[u8] = b"next/user_data_template";

/// The `meta` key of the last iFC set id the store chose.
pub const IFC_SET_ID_COUNTER: &[u8] = b"next/ifc_set";

/// The `ifc_set_index` key: set id then subscriber key.
pub fn ifc_set_index_key(id: u32, subscriber_key: u64) -> [u8; 12] {
    apn_index_key(id, subscriber_key)
}

/// Appends `part` prefixed by its length (u16 BE; parts are at most 65535 octets).
fn push_part(key: &mut Vec<u8>, part: &[u8]) {
    let len = u16::try_from(part.len()).unwrap_or(u16::MAX);
    key.extend_from_slice(&len.to_be_bytes());
    key.extend_from_slice(&part[..usize::from(len)]);
}

/// The prefix of every Sh key of one public identity (`impu` in index form).
pub fn sh_identity_prefix(subscriber_key: u64, impu: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(12 + impu.len());
    key.extend_from_slice(&subscriber_key.to_be_bytes());
    push_part(&mut key, impu.as_bytes());
    key
}

/// The `repository_data` key.
pub fn repository_key(subscriber_key: u64, impu: &str, service_indication: &[u8]) -> Vec<u8> {
    let mut key = sh_identity_prefix(subscriber_key, impu);
    key.extend_from_slice(service_indication);
    key
}

/// The prefix of the `sh_subscription` keys of one piece of data.
pub fn sh_subscription_prefix(
    subscriber_key: u64,
    impu: &str,
    data_reference: u32,
    service_indication: &[u8],
) -> Vec<u8> {
    let mut key = sh_identity_prefix(subscriber_key, impu);
    key.extend_from_slice(&data_reference.to_be_bytes());
    push_part(&mut key, service_indication);
    key
}

/// The `meta` key counting the entities of one kind.
pub const fn count_key(kind: Kind) -> &'static [u8] {
    match kind {
        Kind::Subscriber => b"count/subscriber",
        Kind::Auth => b"count/auth",
        Kind::ApnProfile => b"count/apn_profile",
        Kind::ImsSubscription => b"count/ims_subscription",
        Kind::IfcSet => b"count/ifc_set",
        Kind::AsPermission => b"count/as_permission",
        Kind::UserDataTemplate => b"count/user_data_template",
        Kind::EirRule => b"count/eir_rule",
        Kind::RoamingProfile => b"count/roaming_profile",
        Kind::EpsProfile => b"count/eps_profile",
        Kind::StaticIpIndex => b"count/static_ip",
        _ => b"count/other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(packed: u64) -> String {
        let mut buf = [0u8; MAX_DIGITS];
        let n = write_digits(packed, &mut buf);
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }

    #[test]
    fn packing_round_trips_and_keeps_leading_zeros() {
        for s in ["00101", "001010000000001", "999999999999999", "12345", "1", "0"] {
            let packed = pack_digits(s, 1, 15).expect("valid");
            assert_eq!(digits(packed), s);
        }
        assert_ne!(pack_digits("001", 1, 15), pack_digits("01", 1, 15));
        assert_ne!(pack_digits("10", 1, 15), pack_digits("010", 1, 15));
    }

    #[test]
    fn packing_rejects_bad_strings() {
        for s in ["", "1234", "1234567890123456", "12a45", "+12345", " 12345", "１２３４５"] {
            assert_eq!(pack_digits(s, 5, 15), None, "{s:?}");
        }
    }

    #[test]
    fn unpack_rejects_malformed_values() {
        assert_eq!(unpack_digits(0), None);
        assert_eq!(unpack_digits(16 << COUNT_SHIFT), None);
        assert_eq!(unpack_digits(2 << COUNT_SHIFT | 100), None);
        assert_eq!(unpack_digits(2 << COUNT_SHIFT | 99), Some((2, 99)));
    }

    #[test]
    fn keys_order_numerically_within_a_length() {
        let a = subscriber_key(pack_digits("001010000000009", 5, 15).expect("valid"));
        let b = subscriber_key(pack_digits("001010000000010", 5, 15).expect("valid"));
        assert!(a < b);
        let k = apn_index_key(7, 42);
        assert_eq!(u32_from_key(&k[..4]), Some(7));
        assert_eq!(u64_from_key(&k[4..]), Some(42));
    }

    #[test]
    fn static_ip_keys_round_trip() {
        let v4 = std::net::IpAddr::from([10, 45, 0, 7]);
        let v6: std::net::IpAddr = "2001:db8::7".parse().expect("address");
        let k4 = static_ip_key(7, v4);
        assert_eq!(k4.len(), 9);
        assert_eq!(static_ip_from_key(&k4), Some((7, v4)));
        let k6 = static_ip_key(7, v6);
        assert_eq!(k6.len(), 21);
        assert_eq!(static_ip_from_key(&k6), Some((7, v6)));
        assert!(k4 < k6 && static_ip_key(6, v6) < k4, "APN first, then IPv4 before IPv6");
        assert_eq!(static_ip_from_key(&k4[..8]), None);
        let mut bad = k4;
        bad[4] = 5;
        assert_eq!(static_ip_from_key(&bad), None);
    }

    #[test]
    fn cf_names_are_distinct() {
        let mut names: Vec<_> = Kind::ALL.iter().map(|k| k.cf_name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Kind::ALL.len());
        assert!(Kind::ALL.iter().enumerate().all(|(i, k)| k.index() == i));
    }
}
