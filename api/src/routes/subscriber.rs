//! `/subscribers`: the subscription profile (MSISDN, status, AMBR, APNs with static
//! addresses, roaming, the subscription options) and, read-only, the MME serving the
//! subscriber.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use std::net::{Ipv4Addr, Ipv6Addr};
use store::{
    ApnAssignment, ApnId, EpsField, EpsProfile, ImportItem, Msisdn, NetworkAccessMode,
    Non3gppAccess, ServingNode, Subscriber, SubscriberRecord, SubscriberStatus, SubscriptionDiff,
    SubscriptionOptions,
};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::AuthFields;
use super::find::FilterQuery;
use super::push::{self, PushJson};
use super::{PathParam, Shared, blocking, parse_imsi};
use crate::error::ApiError;
use crate::extract::{JsonBody, Pagination, non_null, nullable};
use crate::openapi::params::ImsiParam;
use crate::openapi::{model, tags};
use crate::schema::{AmbrJson, AmbrPatch, CursorPageJson, PageJson, nest_field, rfc3339};

/// The routes of this resource.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(read, update, delete))
        .routes(routes!(by_msisdn))
}

/// Subscriber-Status.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = SubscriberStatus)]
enum StatusJson {
    ServiceGranted,
    OperatorDeterminedBarring,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum AccessModeJson {
    PacketAndCircuit,
    OnlyPacket,
}

/// An APN the subscriber may use, with its static addresses.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = SubscriberApn)]
struct ApnJson {
    /// An APN profile id.
    profile: u32,
    /// A static IPv4 address on this APN (unique per APN profile).
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Ipv4)]
    static_ipv4: Option<Ipv4Addr>,
    /// A static IPv6 address (prefix) on this APN.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Ipv6)]
    static_ipv6: Option<Ipv6Addr>,
}

/// The MME serving the subscriber (from its last Update-Location).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ServingMme)]
struct ServingMmeJson {
    host: String,
    realm: String,
    /// RFC 3339.
    updated_at: String,
}

/// A subscriber as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Subscriber)]
pub struct SubscriberJson {
    imsi: String,
    msisdn: Option<String>,
    status: StatusJson,
    #[schema(value_type = model::NetworkAccessMode)]
    network_access_mode: AccessModeJson,
    ue_ambr: AmbrJson,
    apns: Vec<ApnJson>,
    /// One of `apns`' profiles.
    default_apn: u32,
    roaming_allowed: bool,
    options: OptionsJson,
    /// Read-only: set by the MME's Update-Location.
    serving_mme: Option<ServingMmeJson>,
}

/// The subscription options as the API shows them: every field, `null` where unset.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SubscriptionOptions)]
struct OptionsJson {
    disabled: bool,
    operator_determined_barring: u32,
    hplmn_odb: u32,
    access_restriction_data: u32,
    periodic_tau_timer: Option<u32>,
    apn_oi_replacement: Option<String>,
    charging_characteristics: Option<String>,
    stn_sr: Option<String>,
    ics_indicator: Option<bool>,
    a_msisdn: Option<String>,
    ue_usage_type: Option<u8>,
    extra_msisdns: Vec<String>,
    non_3gpp: Non3gppJson,
    roaming_profile: Option<u32>,
    eps_profile: Option<u32>,
    #[schema(value_type = Vec<model::EpsField>)]
    eps_overrides: Vec<EpsField>,
}

/// Non-3GPP access (SWx).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Non3gppAccess)]
struct Non3gppJson {
    allowed: bool,
    apn_access: bool,
    apns: Vec<u32>,
}

impl From<SubscriptionOptions> for OptionsJson {
    fn from(o: SubscriptionOptions) -> Self {
        // Destructured whole, so that a field added to the model must be shown here.
        let SubscriptionOptions {
            disabled,
            operator_determined_barring,
            hplmn_odb,
            access_restriction_data,
            periodic_tau_timer,
            apn_oi_replacement,
            charging_characteristics,
            stn_sr,
            ics_indicator,
            a_msisdn,
            ue_usage_type,
            extra_msisdns,
            non_3gpp: Non3gppAccess { allowed, apn_access, apns },
            roaming_profile,
            eps_profile,
            eps_overrides,
        } = o;
        Self {
            disabled,
            operator_determined_barring,
            hplmn_odb,
            access_restriction_data,
            periodic_tau_timer,
            apn_oi_replacement,
            charging_characteristics,
            stn_sr: stn_sr.map(|m| m.to_string()),
            ics_indicator,
            a_msisdn: a_msisdn.map(|m| m.to_string()),
            ue_usage_type,
            extra_msisdns: extra_msisdns.iter().map(ToString::to_string).collect(),
            non_3gpp: Non3gppJson {
                allowed,
                apn_access,
                apns: apns.iter().map(|id| id.get()).collect(),
            },
            roaming_profile,
            eps_profile,
            eps_overrides,
        }
    }
}

/// The `options` of a create (over the defaults) or of a `PATCH` (over the stored ones): a
/// field given replaces, `null` clears an optional field (and is refused on the others), an
/// absent field keeps. `non_3gpp` is merged likewise.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = SubscriptionOptionsPatch)]
struct OptionsPatch {
    /// Administratively disabled: AIR and ULR get 5420, SWx 5450; the data is kept.
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = bool)]
    disabled: Option<bool>,
    /// Operator-Determined-Barring bitmask (TS 29.272 §7.3.30).
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = u32)]
    operator_determined_barring: Option<u32>,
    /// HPLMN-ODB bitmask.
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = u32)]
    hplmn_odb: Option<u32>,
    /// Access-Restriction-Data bitmask.
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = u32)]
    access_restriction_data: Option<u32>,
    #[serde(default, deserialize_with = "nullable")]
    periodic_tau_timer: Option<Option<u32>>,
    #[serde(default, deserialize_with = "nullable")]
    apn_oi_replacement: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    charging_characteristics: Option<Option<String>>,
    /// STN-SR (SRVCC), an E.164 number.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    stn_sr: Option<Option<Msisdn>>,
    #[serde(default, deserialize_with = "nullable")]
    ics_indicator: Option<Option<bool>>,
    /// A-MSISDN.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    a_msisdn: Option<Option<Msisdn>>,
    /// UE-Usage-Type, 0 to 255.
    #[serde(default, deserialize_with = "nullable")]
    ue_usage_type: Option<Option<u8>>,
    /// Numbers besides the MSISDN, each unique across subscribers.
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = Vec<String>)]
    extra_msisdns: Option<Vec<Msisdn>>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = Non3gppPatch)]
    non_3gpp: Option<Non3gppPatch>,
    #[serde(default, deserialize_with = "nullable")]
    roaming_profile: Option<Option<u32>>,
    /// A shared EPS profile whose values apply, except for `eps_overrides`.
    #[serde(default, deserialize_with = "nullable")]
    eps_profile: Option<Option<u32>>,
    /// The EPS profile's fields this subscriber keeps its own value of.
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = Vec<model::EpsField>)]
    eps_overrides: Option<Vec<EpsField>>,
}

/// A partial non-3GPP access: the fields given replace (none may be `null`).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Non3gppAccessPatch)]
struct Non3gppPatch {
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = bool)]
    allowed: Option<bool>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = bool)]
    apn_access: Option<bool>,
    /// The APN profiles (ids) allowed over non-3GPP access, each one of the subscriber's;
    /// empty: all.
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = Vec<u32>)]
    apns: Option<Vec<ApnId>>,
}

impl OptionsPatch {
    /// Applies the fields given to `o`.
    fn apply(self, o: &mut SubscriptionOptions) {
        fn set<T>(slot: &mut T, given: Option<T>) {
            if let Some(v) = given {
                *slot = v;
            }
        }
        set(&mut o.disabled, self.disabled);
        set(&mut o.operator_determined_barring, self.operator_determined_barring);
        set(&mut o.hplmn_odb, self.hplmn_odb);
        set(&mut o.access_restriction_data, self.access_restriction_data);
        set(&mut o.periodic_tau_timer, self.periodic_tau_timer);
        set(&mut o.apn_oi_replacement, self.apn_oi_replacement);
        set(&mut o.charging_characteristics, self.charging_characteristics);
        set(&mut o.stn_sr, self.stn_sr);
        set(&mut o.ics_indicator, self.ics_indicator);
        set(&mut o.a_msisdn, self.a_msisdn);
        set(&mut o.ue_usage_type, self.ue_usage_type);
        set(&mut o.extra_msisdns, self.extra_msisdns);
        if let Some(n) = self.non_3gpp {
            set(&mut o.non_3gpp.allowed, n.allowed);
            set(&mut o.non_3gpp.apn_access, n.apn_access);
            set(&mut o.non_3gpp.apns, n.apns);
        }
        set(&mut o.roaming_profile, self.roaming_profile);
        set(&mut o.eps_profile, self.eps_profile);
        set(&mut o.eps_overrides, self.eps_overrides);
    }
}

/// A subscriber error with the store's name of an option field (`charging_characteristics`,
/// `non_3gpp.apns`) put under `options.`, as the field is in the JSON body.
fn options_error(e: impl Into<ApiError>) -> ApiError {
    nest_field::<SubscriptionOptions>(e.into(), "options")
}

impl From<SubscriberRecord> for SubscriberJson {
    fn from(r: SubscriberRecord) -> Self {
        let s = r.subscriber;
        Self {
            imsi: s.imsi.to_string(),
            msisdn: s.msisdn.map(|m| m.to_string()),
            status: match s.status {
                SubscriberStatus::ServiceGranted => StatusJson::ServiceGranted,
                SubscriberStatus::OperatorDeterminedBarring => {
                    StatusJson::OperatorDeterminedBarring
                }
            },
            network_access_mode: match s.network_access_mode {
                NetworkAccessMode::PacketAndCircuit => AccessModeJson::PacketAndCircuit,
                NetworkAccessMode::OnlyPacket => AccessModeJson::OnlyPacket,
            },
            ue_ambr: s.ue_ambr.into(),
            apns: s
                .apns
                .iter()
                .map(|a| ApnJson {
                    profile: a.profile.get(),
                    static_ipv4: a.static_ipv4,
                    static_ipv6: a.static_ipv6,
                })
                .collect(),
            default_apn: s.default_apn.get(),
            roaming_allowed: s.roaming_allowed,
            options: s.options.into(),
            serving_mme: r.serving_mme.map(|m: ServingNode| ServingMmeJson {
                host: m.host,
                realm: m.realm,
                updated_at: rfc3339(m.updated_at),
            }),
        }
    }
}

/// The body of `POST /subscribers` and one line of the bulk import.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = SubscriberCreate, example = json!({"imsi": "001010000000001",
    "msisdn": "491790000001", "ue_ambr": {"uplink": 20000000, "downlink": 40000000},
    "apns": [{"profile": 1, "static_ipv4": "10.45.0.7"}]}))]
pub(super) struct Create {
    /// 5 to 15 digits.
    imsi: String,
    #[serde(default)]
    msisdn: Option<String>,
    /// `service_granted` when absent.
    #[serde(default)]
    status: Option<StatusJson>,
    /// `only_packet` when absent (or the EPS profile's).
    #[serde(default)]
    #[schema(value_type = Option<model::NetworkAccessMode>)]
    network_access_mode: Option<AccessModeJson>,
    /// Required unless `options.eps_profile` names a profile (whose values then fill it).
    #[serde(default)]
    ue_ambr: Option<AmbrJson>,
    /// Required unless `options.eps_profile` names a profile.
    #[serde(default)]
    apns: Option<Vec<ApnJson>>,
    /// The first of `apns` when absent (or the EPS profile's).
    #[serde(default)]
    default_apn: Option<u32>,
    /// `true` when absent.
    #[serde(default)]
    roaming_allowed: Option<bool>,
    /// The subscription options given; the others take their defaults.
    #[serde(default)]
    options: Option<OptionsPatch>,
    /// Keys to store with the subscriber, in the same write.
    #[serde(default)]
    auth: Option<AuthFields>,
}

impl Create {
    /// The store's form of the subscriber and its keys.
    /// The store's form of the subscriber and its keys; `eps` gives the EPS profile the
    /// options may name (its values fill the fields the body leaves out).
    pub(super) fn into_item(
        self,
        eps: impl Fn(u32) -> Option<EpsProfile>,
    ) -> Result<ImportItem, ApiError> {
        let mut options = SubscriptionOptions::default();
        if let Some(given) = self.options {
            given.apply(&mut options);
        }
        let profile = match options.eps_profile {
            Some(id) => Some(eps(id).ok_or_else(|| {
                ApiError::invalid(
                    "options.eps_profile",
                    "refers to an EPS profile that does not exist",
                )
            })?),
            None => None,
        };
        let required = |field| ApiError::invalid(field, "is required without an EPS profile");
        let (apns, default_apn) = match (&self.apns, &profile) {
            (Some(list), _) => {
                let apns = apns(list)?;
                let default_apn = match self.default_apn {
                    Some(id) => apn_id("default_apn", id)?,
                    None => apns.first().map(|a| a.profile).ok_or_else(|| {
                        ApiError::invalid("apns", "must list 1 to 32 APN profiles")
                    })?,
                };
                (apns, default_apn)
            }
            (None, Some(p)) => {
                let apns = (p.apns.iter())
                    .map(|&profile| ApnAssignment { profile, static_ipv4: None, static_ipv6: None })
                    .collect();
                let default_apn = match self.default_apn {
                    Some(id) => apn_id("default_apn", id)?,
                    None => p.default_apn,
                };
                (apns, default_apn)
            }
            (None, None) => return Err(required("apns")),
        };
        let ue_ambr = match (self.ue_ambr, &profile) {
            (Some(a), _) => a.into(),
            (None, Some(p)) => p.ue_ambr.into(),
            (None, None) => return Err(required("ue_ambr")),
        };
        let network_access_mode = match (self.network_access_mode, &profile) {
            (Some(m), _) => m.into(),
            (None, Some(p)) => p.network_access_mode.into(),
            (None, None) => NetworkAccessMode::OnlyPacket,
        };
        let subscriber = Subscriber {
            imsi: parse_imsi(&self.imsi)?,
            msisdn: self.msisdn.as_deref().map(msisdn).transpose()?,
            status: self.status.map_or(SubscriberStatus::ServiceGranted, Into::into),
            network_access_mode,
            ue_ambr,
            apns,
            default_apn,
            roaming_allowed: self.roaming_allowed.unwrap_or(true),
            options,
        };
        subscriber.validate().map_err(options_error)?;
        let auth = self.auth.as_ref().map(|a| a.to_auth_data("auth.")).transpose()?;
        Ok(ImportItem { subscriber, auth })
    }
}

/// A change: the fields given replace the stored ones; `null` only clears `msisdn` (and the
/// optional fields of `options`).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = SubscriberPatch)]
struct Patch {
    #[serde(default, deserialize_with = "nullable")]
    msisdn: Option<Option<String>>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = StatusJson)]
    status: Option<StatusJson>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = model::NetworkAccessMode)]
    network_access_mode: Option<AccessModeJson>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = AmbrPatch)]
    ue_ambr: Option<AmbrPatch>,
    /// A new APN list; the default stays if still listed (else the first).
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = Vec<ApnJson>)]
    apns: Option<Vec<ApnJson>>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = u32)]
    default_apn: Option<u32>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = bool)]
    roaming_allowed: Option<bool>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = OptionsPatch)]
    options: Option<OptionsPatch>,
}

impl From<StatusJson> for SubscriberStatus {
    fn from(s: StatusJson) -> Self {
        match s {
            StatusJson::ServiceGranted => Self::ServiceGranted,
            StatusJson::OperatorDeterminedBarring => Self::OperatorDeterminedBarring,
        }
    }
}

impl From<AccessModeJson> for NetworkAccessMode {
    fn from(m: AccessModeJson) -> Self {
        match m {
            AccessModeJson::PacketAndCircuit => Self::PacketAndCircuit,
            AccessModeJson::OnlyPacket => Self::OnlyPacket,
        }
    }
}

fn apn_id(field: &str, id: u32) -> Result<ApnId, ApiError> {
    ApnId::new(id).map_err(|e| ApiError::invalid(field, e.reason))
}

fn apns(list: &[ApnJson]) -> Result<Vec<ApnAssignment>, ApiError> {
    list.iter()
        .enumerate()
        .map(|(i, a)| {
            Ok(ApnAssignment {
                profile: apn_id(&format!("apns[{i}].profile"), a.profile)?,
                static_ipv4: a.static_ipv4,
                static_ipv6: a.static_ipv6,
            })
        })
        .collect()
}

fn msisdn(raw: &str) -> Result<Msisdn, ApiError> {
    Ok(Msisdn::parse(raw)?)
}

/// `GET /subscribers`: a numbered page, or a cursor page when the query has a filter, `limit`
/// or `cursor` (the document's shape of the answer).
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[schema(as = SubscriberList)]
#[allow(dead_code)]
enum ListJson {
    Page(PageJson<SubscriberJson>),
    Cursor(CursorPageJson<SubscriberJson>),
}

/// The subscribers, by IMSI: a numbered page (`page`, `page_size`, with the total), or with a
/// filter, `limit` or `cursor` a cursor page (the filters are read in `find.rs`).
///
/// A cursor page seeks past its cursor (the last IMSI looked at), so a far page costs what the
/// first costs; it looks at 10,000 records at most and may then hold fewer items than asked,
/// with `next` to go on from.
#[utoipa::path(
    get,
    path = "/subscribers",
    tag = tags::SUBSCRIBERS,
    params(Pagination, FilterQuery),
    responses((
        status = 200,
        description = "A numbered page (`page`, `page_size`, `total`), or with a filter, `limit` \
            or `cursor` a cursor page (`limit`, `next`)",
        body = ListJson
    ))
)]
async fn list(
    State(api): State<Shared>,
    page: Pagination,
    uri: axum::http::Uri,
) -> Result<axum::response::Response, ApiError> {
    if super::find::wants_cursor(&uri) {
        let (filter, limit, cursor) = super::find::subscriber_query(&uri)?;
        let page = blocking(api, move |s| s.find_subscribers(&filter, cursor, limit)).await?;
        let items: Vec<SubscriberJson> = page.items.into_iter().map(Into::into).collect();
        let next = page.next.map(|n| n.to_string());
        return Ok(Json(CursorPageJson { items, limit, next }).into_response());
    }
    let p = blocking(api, move |s| s.list_subscribers(page.index(), page.page_size)).await?;
    Ok(Json(PageJson::<SubscriberJson>::from_page(page, p)).into_response())
}

/// Creates a subscriber, with its keys when `auth` is given (one write).
#[utoipa::path(
    post,
    path = "/subscribers",
    tag = tags::SUBSCRIBERS,
    request_body = Create,
    responses(
        (status = 201, description = "Created", body = SubscriberJson),
        (
            status = 409,
            description = "The IMSI, an MSISDN or a static address is taken \
                (`subscriber.duplicate`, `field` names it; `auth_data.duplicate`)"
        )
    )
)]
async fn create(
    State(api): State<Shared>,
    JsonBody(body): JsonBody<Create>,
) -> Result<impl IntoResponse, ApiError> {
    let item = {
        let store = api.store.clone();
        body.into_item(|id| store.eps_profile_cached(id))?
    };
    let record = blocking(api, move |s| {
        let imsi = item.subscriber.imsi;
        // With keys: subscriber and keys in one batch (an import of one).
        match &item.auth {
            None => s.create_subscriber(&item.subscriber)?,
            Some(_) => s.import_subscribers(std::slice::from_ref(&item))?.remove(0)?,
        }
        s.subscriber(imsi)
    })
    .await
    .map_err(options_error)?;
    Ok((StatusCode::CREATED, Json(SubscriberJson::from(record))))
}

/// One subscriber.
#[utoipa::path(
    get,
    path = "/subscribers/{imsi}",
    tag = tags::SUBSCRIBERS,
    params(ImsiParam),
    responses(
        (status = 200, description = "The subscriber", body = SubscriberJson),
        (status = 404, description = "No such subscriber (`subscriber.not_found`)")
    )
)]
async fn read(
    State(api): State<Shared>,
    PathParam(imsi): PathParam,
) -> Result<Json<SubscriberJson>, ApiError> {
    let imsi = parse_imsi(&imsi)?;
    Ok(Json(blocking(api, move |s| s.subscriber(imsi)).await?.into()))
}

/// The subscriber with this MSISDN (or extra MSISDN).
#[utoipa::path(
    get,
    path = "/subscribers/by-msisdn/{msisdn}",
    tag = tags::SUBSCRIBERS,
    params(("msisdn" = String, Path, description = "Digits")),
    responses(
        (status = 200, description = "The subscriber", body = SubscriberJson),
        (status = 404, description = "No such subscriber (`subscriber.not_found`)")
    )
)]
async fn by_msisdn(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<SubscriberJson>, ApiError> {
    let m = msisdn(&raw)?;
    Ok(Json(blocking(api, move |s| s.subscriber_by_msisdn(m)).await?.into()))
}

/// Changes a subscriber; its serving MME gets what changed (IDR/DSR), its 3GPP AAA server the
/// new profile (PPR); disabling it withdraws its registrations (CLR, RTR).
#[utoipa::path(
    patch,
    path = "/subscribers/{imsi}",
    tag = tags::SUBSCRIBERS,
    params(ImsiParam),
    request_body = Patch,
    responses(
        (status = 200, description = "The subscriber, with the requests sent", body = Updated),
        (status = 404, description = "No such subscriber (`subscriber.not_found`)"),
        (
            status = 409,
            description = "An MSISDN or a static address is taken (`subscriber.duplicate`)"
        )
    )
)]
async fn update(
    State(api): State<Shared>,
    PathParam(imsi): PathParam,
    JsonBody(patch): JsonBody<Patch>,
) -> Result<Json<Updated>, ApiError> {
    let imsi = parse_imsi(&imsi)?;
    let new_msisdn = patch.msisdn.map(|m| m.as_deref().map(msisdn).transpose()).transpose()?;
    let new_apns = patch.apns.as_deref().map(apns).transpose()?;
    let new_default = patch.default_apn.map(|id| apn_id("default_apn", id)).transpose()?;
    let (served, record) = blocking(api.clone(), move |s| {
        let mut old = None;
        s.modify_subscriber(imsi, |sub| {
            old = Some(sub.clone());
            if let Some(m) = new_msisdn {
                sub.msisdn = m;
            }
            if let Some(list) = new_apns {
                // A new list without a default keeps the old default if it is still listed.
                if new_default.is_none() && !list.iter().any(|a| a.profile == sub.default_apn) {
                    sub.default_apn = list.first().map_or(sub.default_apn, |a| a.profile);
                }
                sub.apns = list;
            }
            sub.default_apn = new_default.unwrap_or(sub.default_apn);
            sub.status = patch.status.map_or(sub.status, Into::into);
            sub.network_access_mode =
                patch.network_access_mode.map_or(sub.network_access_mode, Into::into);
            sub.ue_ambr = patch.ue_ambr.map_or(sub.ue_ambr, |a| a.apply(sub.ue_ambr));
            sub.roaming_allowed = patch.roaming_allowed.unwrap_or(sub.roaming_allowed);
            if let Some(options) = patch.options {
                options.apply(&mut sub.options);
            }
            Ok(())
        })?;
        let record = s.subscriber(imsi)?;
        // Compared as served (EPS profile applied): what the MME and the AAA server hold.
        let new = s.served_subscriber(&record.subscriber);
        Ok((old.map(|old| (s.served_subscriber(&old), new)), record))
    })
    .await
    .map_err(options_error)?;
    // What the serving MME holds and changed reaches it now (IDR/DSR); a subscriber disabled
    // has its registrations withdrawn (CLR, RTR), as on DELETE.
    let mut pushed = Vec::new();
    if let Some((old, new)) = served {
        if new.options.disabled && !old.options.disabled {
            pushed = push::withdraw(&api, imsi).await;
        } else {
            pushed = push::push_changes(&api, imsi, SubscriptionDiff::between(&old, &new)).await;
            // The AAA server's Non-3GPP-User-Data (SWx PPR).
            pushed.extend(push::push_aaa_changes(&api, imsi, &old, &new).await);
        }
    }
    Ok(Json(Updated { subscriber: record.into(), pushed }))
}

/// A subscriber after a `PATCH`, with the requests its change sent to the network.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SubscriberUpdated)]
struct Updated {
    #[serde(flatten)]
    subscriber: SubscriberJson,
    pushed: Vec<PushJson>,
}

/// A deleted subscriber, with the Cancel-Location sent to its serving MME.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SubscriberDeleted)]
struct Deleted {
    imsi: String,
    pushed: Vec<PushJson>,
}

/// Deletes the subscriber after withdrawing its registrations (CLR with
/// SUBSCRIPTION_WITHDRAWAL to the serving MME, RTR to the 3GPP AAA server; the deletion goes
/// ahead whatever they answer).
#[utoipa::path(
    delete,
    path = "/subscribers/{imsi}",
    tag = tags::SUBSCRIBERS,
    params(ImsiParam),
    responses(
        (status = 200, description = "Deleted, with the requests sent", body = Deleted),
        (status = 404, description = "No such subscriber (`subscriber.not_found`)"),
        (
            status = 409,
            description = "An IMS subscription is linked to it (`subscriber.in_use`)"
        )
    )
)]
async fn delete(
    State(api): State<Shared>,
    PathParam(imsi): PathParam,
) -> Result<Json<Deleted>, ApiError> {
    let imsi = parse_imsi(&imsi)?;
    // Unknown (404) or in use (409): refused before anything is sent.
    blocking(api.clone(), move |s| s.delete_allowed(imsi)).await?;
    if api.port.is_some() {
        // Served no more from here on, so no AIR or ULR registers it again between the
        // withdrawal and the deletion (should the deletion then fail, it stays disabled).
        let disable = move |s: &store::Store| {
            s.modify_subscriber(imsi, |sub| {
                sub.options.disabled = true;
                Ok(())
            })
        };
        blocking(api.clone(), disable).await?;
    }
    let pushed = push::withdraw(&api, imsi).await;
    blocking(api, move |s| s.delete_subscriber(imsi)).await?;
    Ok(Json(Deleted { imsi: imsi.to_string(), pushed }))
}
