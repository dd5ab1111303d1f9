//! `/apn-profiles`: the APN configurations subscribers refer to by id, with their options
//! (charging characteristics, VPLMN dynamic address, PDN GW).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use store::{ApnId, ApnOptions, ApnProfile, Entity, PgwIdentity, StoreError};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{PathParam, Shared, blocking, push};
use crate::error::ApiError;
use crate::extract::{JsonBody, Pagination, non_null, nullable};
use crate::openapi::params::IdParam;
use crate::openapi::tags;
use crate::schema::{AmbrJson, AmbrPatch, ArpJson, ArpPatch, PageJson, PdnTypeJson, nest_field};

/// The routes of this resource.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(list, create)).routes(routes!(read, update, delete))
}

/// An APN profile as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ApnProfile)]
pub struct ApnJson {
    /// Its id, 1 to 4294967295.
    id: u32,
    /// The APN (Service-Selection), `internet`.
    apn: String,
    /// QoS class identifier, 1 to 9 (or an operator-specific 128 to 254).
    qci: u8,
    arp: ArpJson,
    ambr: AmbrJson,
    pdn_type: PdnTypeJson,
    options: ApnOptionsJson,
}

/// An APN profile's options as the API shows them: every field, `null` where unset.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ApnOptions)]
struct ApnOptionsJson {
    /// 3GPP-Charging-Characteristics, four hexadecimal digits.
    charging_characteristics: Option<String>,
    /// VPLMN-Dynamic-Address-Allowed.
    vplmn_dynamic_address_allowed: Option<bool>,
    /// The PDN GW (MIP6-Agent-Info) to use.
    pgw: Option<PgwJson>,
}

/// A PDN GW identity: an address and/or a host and realm.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Pgw)]
struct PgwJson {
    #[schema(value_type = Option<String>)]
    address: Option<IpAddr>,
    host: Option<String>,
    realm: Option<String>,
}

impl From<ApnOptions> for ApnOptionsJson {
    fn from(o: ApnOptions) -> Self {
        // Destructured whole, so that a field added to the model must be shown here.
        let ApnOptions { charging_characteristics, vplmn_dynamic_address_allowed, pgw } = o;
        Self {
            charging_characteristics,
            vplmn_dynamic_address_allowed,
            pgw: pgw.map(|PgwIdentity { address, host, realm }| PgwJson { address, host, realm }),
        }
    }
}

/// The `options` of a create (over the defaults) or of a `PATCH` (over the stored ones): a
/// field given replaces, `null` clears it, an absent field keeps; `pgw` is merged likewise.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ApnOptionsPatch)]
struct ApnOptionsPatch {
    #[serde(default, deserialize_with = "nullable")]
    charging_characteristics: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    vplmn_dynamic_address_allowed: Option<Option<bool>>,
    #[serde(default, deserialize_with = "nullable")]
    pgw: Option<Option<PgwPatch>>,
}

/// A partial PDN GW identity: a field given replaces, `null` clears it, absent keeps.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = PgwPatch)]
struct PgwPatch {
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    address: Option<Option<IpAddr>>,
    #[serde(default, deserialize_with = "nullable")]
    host: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    realm: Option<Option<String>>,
}

impl ApnOptionsPatch {
    /// Applies the fields given to `o`.
    fn apply(self, o: &mut ApnOptions) {
        if let Some(cc) = self.charging_characteristics {
            o.charging_characteristics = cc;
        }
        if let Some(v) = self.vplmn_dynamic_address_allowed {
            o.vplmn_dynamic_address_allowed = v;
        }
        match self.pgw {
            None => {}
            Some(None) => o.pgw = None,
            Some(Some(p)) => {
                let mut pgw =
                    o.pgw.take().unwrap_or(PgwIdentity { address: None, host: None, realm: None });
                pgw.address = p.address.unwrap_or(pgw.address);
                pgw.host = p.host.unwrap_or(pgw.host);
                pgw.realm = p.realm.unwrap_or(pgw.realm);
                o.pgw = Some(pgw);
            }
        }
    }
}

/// An APN profile error with the store's name of an option field (`charging_characteristics`,
/// `pgw`) put under `options.`, as the field is in the JSON body.
fn options_error(e: impl Into<ApiError>) -> ApiError {
    nest_field::<ApnOptions>(e.into(), "options")
}

impl From<ApnProfile> for ApnJson {
    fn from(p: ApnProfile) -> Self {
        Self {
            id: p.id.get(),
            apn: p.apn,
            qci: p.qci,
            arp: p.arp.into(),
            ambr: p.ambr.into(),
            pdn_type: p.pdn_type.into(),
            options: p.options.into(),
        }
    }
}

/// A new APN profile; without `id`, the lowest free one is chosen.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ApnProfileCreate, example = json!({"apn": "internet", "qci": 9,
    "arp": {"priority_level": 8, "pre_emption_capability": false,
        "pre_emption_vulnerability": true},
    "ambr": {"uplink": 50000000, "downlink": 100000000}, "pdn_type": "ipv4v6"}))]
struct Create {
    /// 1 to 4294967295; absent: the lowest free id.
    id: Option<u32>,
    apn: String,
    qci: u8,
    arp: ArpJson,
    ambr: AmbrJson,
    pdn_type: PdnTypeJson,
    /// The options given; the others are absent.
    #[serde(default)]
    options: Option<ApnOptionsPatch>,
}

/// A change: the fields given replace the stored ones (none may be `null`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ApnProfilePatch)]
struct Patch {
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = String)]
    apn: Option<String>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = u8)]
    qci: Option<u8>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = ArpPatch)]
    arp: Option<ArpPatch>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = AmbrPatch)]
    ambr: Option<AmbrPatch>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = PdnTypeJson)]
    pdn_type: Option<PdnTypeJson>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = ApnOptionsPatch)]
    options: Option<ApnOptionsPatch>,
}

fn parse_id(raw: &str) -> Result<ApnId, ApiError> {
    raw.parse::<u32>()
        .ok()
        .and_then(|id| ApnId::new(id).ok())
        .ok_or_else(|| ApiError::invalid("id", "must be an integer in 1..=4294967295"))
}

/// The APN profiles, by id.
#[utoipa::path(
    get,
    path = "/apn-profiles",
    tag = tags::APN,
    params(Pagination),
    responses((status = 200, description = "One page", body = PageJson<ApnJson>))
)]
async fn list(
    State(api): State<Shared>,
    page: Pagination,
) -> Result<Json<PageJson<ApnJson>>, ApiError> {
    let p = blocking(api, move |s| s.list_apn_profiles(page.index(), page.page_size)).await?;
    Ok(Json(PageJson::from_page(page, p)))
}

/// Creates an APN profile.
#[utoipa::path(
    post,
    path = "/apn-profiles",
    tag = tags::APN,
    request_body = Create,
    responses(
        (status = 201, description = "Created", body = ApnJson),
        (status = 409, description = "The id is taken (`apn_profile.duplicate`)")
    )
)]
async fn create(
    State(api): State<Shared>,
    JsonBody(body): JsonBody<Create>,
) -> Result<impl IntoResponse, ApiError> {
    let explicit = body.id.map(|id| ApnId::new(id).map_err(ApiError::from)).transpose()?;
    let mut options = ApnOptions::default();
    if let Some(given) = body.options {
        given.apply(&mut options);
    }
    let mut profile = ApnProfile {
        // Validated with a placeholder when the id is to be chosen.
        id: explicit.map_or_else(|| ApnId::new(1), Ok)?,
        apn: body.apn,
        qci: body.qci,
        arp: body.arp.into(),
        ambr: body.ambr.into(),
        pdn_type: body.pdn_type.into(),
        options,
    };
    profile.validate().map_err(options_error)?;
    let profile = blocking(api, move |s| {
        if explicit.is_some() {
            return s.create_apn_profile(&profile).map(|()| profile);
        }
        // The lowest free id; a concurrent create taking it first makes us look again.
        for _ in 0..8 {
            profile.id = s.free_apn_id()?;
            match s.create_apn_profile(&profile) {
                Err(StoreError::Duplicate { .. }) => continue,
                other => return other.map(|()| profile),
            }
        }
        Err(StoreError::Duplicate { entity: Entity::ApnProfile, field: "id" })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(ApnJson::from(profile))))
}

/// One APN profile.
#[utoipa::path(
    get,
    path = "/apn-profiles/{id}",
    tag = tags::APN,
    params(IdParam),
    responses(
        (status = 200, description = "The profile", body = ApnJson),
        (status = 404, description = "No such profile (`apn_profile.not_found`)")
    )
)]
async fn read(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<Json<ApnJson>, ApiError> {
    let id = parse_id(&id)?;
    Ok(Json(blocking(api, move |s| s.apn_profile(id)).await?.into()))
}

/// Changes an APN profile; the MMEs serving its users get the new APN-Configuration (IDR).
#[utoipa::path(
    patch,
    path = "/apn-profiles/{id}",
    tag = tags::APN,
    params(IdParam),
    request_body = Patch,
    responses(
        (status = 200, description = "The profile as changed, with the IDRs sent", body = Updated),
        (status = 404, description = "No such profile (`apn_profile.not_found`)")
    )
)]
async fn update(
    State(api): State<Shared>,
    PathParam(id): PathParam,
    JsonBody(patch): JsonBody<Patch>,
) -> Result<Json<Updated>, ApiError> {
    let id = parse_id(&id)?;
    let (profile, changed) = blocking(api.clone(), move |s| {
        let mut before = None;
        let after = s.modify_apn_profile(id, |p| {
            before = Some(p.clone());
            if let Some(apn) = patch.apn {
                p.apn = apn;
            }
            p.qci = patch.qci.unwrap_or(p.qci);
            p.arp = patch.arp.map_or(p.arp, |a| a.apply(p.arp));
            p.ambr = patch.ambr.map_or(p.ambr, |a| a.apply(p.ambr));
            p.pdn_type = patch.pdn_type.map_or(p.pdn_type, Into::into);
            if let Some(options) = patch.options {
                options.apply(&mut p.options);
            }
            Ok(())
        })?;
        let changed = before.as_ref() != Some(&after);
        Ok((after, changed))
    })
    .await
    .map_err(options_error)?;
    // The attached users' MMEs get the new APN-Configuration (IDR), if it changed.
    let pushed =
        if changed { push::push_apn_profile(&api, id).await } else { push::PushCount::default() };
    Ok(Json(Updated { profile: profile.into(), pushed }))
}

/// An APN profile after a `PATCH`, with the IDRs its change sent.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ApnProfileUpdated)]
struct Updated {
    #[serde(flatten)]
    profile: ApnJson,
    pushed: push::PushCount,
}

/// Deletes an APN profile no subscriber uses.
#[utoipa::path(
    delete,
    path = "/apn-profiles/{id}",
    tag = tags::APN,
    params(IdParam),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such profile (`apn_profile.not_found`)"),
        (status = 409, description = "Subscribers use it (`apn_profile.in_use`)")
    )
)]
async fn delete(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<StatusCode, ApiError> {
    let id = parse_id(&id)?;
    blocking(api, move |s| s.delete_apn_profile(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
