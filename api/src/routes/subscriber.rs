//! `/subscribers`: the subscription profile (MSISDN, status, AMBR, APNs with static
//! addresses, roaming) and, read-only, the MME serving the subscriber.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Json, Router, routing::get};
use serde::{Deserialize, Serialize};
use std::net::{Ipv4Addr, Ipv6Addr};
use store::{
    ApnAssignment, ApnId, ImportItem, Msisdn, NetworkAccessMode, ServingNode, Subscriber,
    SubscriberRecord, SubscriberStatus,
};

use super::auth::AuthFields;
use super::{PathParam, Shared, blocking, parse_imsi};
use crate::error::ApiError;
use crate::extract::{JsonBody, Pagination, non_null, nullable};
use crate::schema::{AmbrJson, AmbrPatch, PageJson, rfc3339};

/// The routes of this resource.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/subscribers", get(list).post(create))
        .route("/subscribers/{imsi}", get(read).patch(update).delete(delete))
        .route("/subscribers/by-msisdn/{msisdn}", get(by_msisdn))
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ApnJson {
    profile: u32,
    #[serde(default)]
    static_ipv4: Option<Ipv4Addr>,
    #[serde(default)]
    static_ipv6: Option<Ipv6Addr>,
}

#[derive(Debug, Serialize)]
struct ServingMmeJson {
    host: String,
    realm: String,
    updated_at: String,
}

/// A subscriber as the API shows it.
#[derive(Debug, Serialize)]
pub struct SubscriberJson {
    imsi: String,
    msisdn: Option<String>,
    status: StatusJson,
    network_access_mode: AccessModeJson,
    ue_ambr: AmbrJson,
    apns: Vec<ApnJson>,
    default_apn: u32,
    roaming_allowed: bool,
    serving_mme: Option<ServingMmeJson>,
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
            serving_mme: r.serving_mme.map(|m: ServingNode| ServingMmeJson {
                host: m.host,
                realm: m.realm,
                updated_at: rfc3339(m.updated_at),
            }),
        }
    }
}

/// The body of `POST /subscribers` and one line of the bulk import.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Create {
    imsi: String,
    #[serde(default)]
    msisdn: Option<String>,
    #[serde(default)]
    status: Option<StatusJson>,
    #[serde(default)]
    network_access_mode: Option<AccessModeJson>,
    ue_ambr: AmbrJson,
    apns: Vec<ApnJson>,
    #[serde(default)]
    default_apn: Option<u32>,
    #[serde(default)]
    roaming_allowed: Option<bool>,
    /// Keys to store with the subscriber, in the same write.
    #[serde(default)]
    auth: Option<AuthFields>,
}

impl Create {
    /// The store's form of the subscriber and its keys.
    pub(super) fn into_item(self) -> Result<ImportItem, ApiError> {
        let apns = apns(&self.apns)?;
        let default_apn = match self.default_apn {
            Some(id) => apn_id("default_apn", id)?,
            None => apns
                .first()
                .map(|a| a.profile)
                .ok_or_else(|| ApiError::invalid("apns", "must list 1 to 32 APN profiles"))?,
        };
        let subscriber = Subscriber {
            imsi: parse_imsi(&self.imsi)?,
            msisdn: self.msisdn.as_deref().map(msisdn).transpose()?,
            status: self.status.map_or(SubscriberStatus::ServiceGranted, Into::into),
            network_access_mode: self
                .network_access_mode
                .map_or(NetworkAccessMode::OnlyPacket, Into::into),
            ue_ambr: self.ue_ambr.into(),
            apns,
            default_apn,
            roaming_allowed: self.roaming_allowed.unwrap_or(true),
            options: Default::default(),
        };
        subscriber.validate()?;
        let auth = self.auth.as_ref().map(|a| a.to_auth_data("auth.")).transpose()?;
        Ok(ImportItem { subscriber, auth })
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Patch {
    #[serde(default, deserialize_with = "nullable")]
    msisdn: Option<Option<String>>,
    #[serde(default, deserialize_with = "non_null")]
    status: Option<StatusJson>,
    #[serde(default, deserialize_with = "non_null")]
    network_access_mode: Option<AccessModeJson>,
    #[serde(default, deserialize_with = "non_null")]
    ue_ambr: Option<AmbrPatch>,
    #[serde(default, deserialize_with = "non_null")]
    apns: Option<Vec<ApnJson>>,
    #[serde(default, deserialize_with = "non_null")]
    default_apn: Option<u32>,
    #[serde(default, deserialize_with = "non_null")]
    roaming_allowed: Option<bool>,
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

async fn list(
    State(api): State<Shared>,
    page: Pagination,
) -> Result<Json<PageJson<SubscriberJson>>, ApiError> {
    let p = blocking(api, move |s| s.list_subscribers(page.index(), page.page_size)).await?;
    Ok(Json(PageJson::from_page(page, p)))
}

async fn create(
    State(api): State<Shared>,
    JsonBody(body): JsonBody<Create>,
) -> Result<impl IntoResponse, ApiError> {
    let item = body.into_item()?;
    let record = blocking(api, move |s| {
        let imsi = item.subscriber.imsi;
        // With keys: subscriber and keys in one batch (an import of one).
        match &item.auth {
            None => s.create_subscriber(&item.subscriber)?,
            Some(_) => s.import_subscribers(std::slice::from_ref(&item))?.remove(0)?,
        }
        s.subscriber(imsi)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(SubscriberJson::from(record))))
}

async fn read(
    State(api): State<Shared>,
    PathParam(imsi): PathParam,
) -> Result<Json<SubscriberJson>, ApiError> {
    let imsi = parse_imsi(&imsi)?;
    Ok(Json(blocking(api, move |s| s.subscriber(imsi)).await?.into()))
}

async fn by_msisdn(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<SubscriberJson>, ApiError> {
    let m = msisdn(&raw)?;
    Ok(Json(blocking(api, move |s| s.subscriber_by_msisdn(m)).await?.into()))
}

async fn update(
    State(api): State<Shared>,
    PathParam(imsi): PathParam,
    JsonBody(patch): JsonBody<Patch>,
) -> Result<Json<SubscriberJson>, ApiError> {
    let imsi = parse_imsi(&imsi)?;
    let new_msisdn = patch.msisdn.map(|m| m.as_deref().map(msisdn).transpose()).transpose()?;
    let new_apns = patch.apns.as_deref().map(apns).transpose()?;
    let new_default = patch.default_apn.map(|id| apn_id("default_apn", id)).transpose()?;
    let record = blocking(api, move |s| {
        s.modify_subscriber(imsi, |sub| {
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
            Ok(())
        })?;
        s.subscriber(imsi)
    })
    .await?;
    Ok(Json(record.into()))
}

async fn delete(
    State(api): State<Shared>,
    PathParam(imsi): PathParam,
) -> Result<StatusCode, ApiError> {
    let imsi = parse_imsi(&imsi)?;
    blocking(api, move |s| s.delete_subscriber(imsi)).await?;
    Ok(StatusCode::NO_CONTENT)
}
