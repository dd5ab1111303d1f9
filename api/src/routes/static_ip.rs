//! `/static-ips`: the static addresses subscribers hold, each unique per APN profile (read
//! only; they are provisioned in a subscriber's `apns`).

use std::net::IpAddr;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use store::{ApnId, Imsi};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{PathParam, Shared, blocking};
use crate::error::ApiError;
use crate::extract::Pagination;
use crate::openapi::tags;
use crate::schema::PageJson;

/// The routes of this resource.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(by_address))
}

/// One static address: the APN profile it is held on, the address, the subscriber.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = StaticIp)]
struct StaticIpJson {
    apn_profile: u32,
    /// An IPv4 or IPv6 address.
    #[schema(value_type = String)]
    address: IpAddr,
    imsi: String,
}

impl From<(ApnId, IpAddr, Imsi)> for StaticIpJson {
    fn from((apn, address, imsi): (ApnId, IpAddr, Imsi)) -> Self {
        Self { apn_profile: apn.get(), address, imsi: imsi.to_string() }
    }
}

/// Who holds one address: at most one subscriber per APN profile.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = StaticIpHolders)]
struct HoldersJson {
    #[schema(value_type = String)]
    address: IpAddr,
    holders: Vec<HolderJson>,
}

/// A subscriber holding an address on an APN profile.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = StaticIpHolder)]
struct HolderJson {
    apn_profile: u32,
    imsi: String,
}

/// The static addresses held, by APN profile and address.
#[utoipa::path(
    get,
    path = "/static-ips",
    tag = tags::STATIC_IP,
    params(Pagination),
    responses((status = 200, description = "One page", body = PageJson<StaticIpJson>))
)]
async fn list(
    State(api): State<Shared>,
    page: Pagination,
) -> Result<Json<PageJson<StaticIpJson>>, ApiError> {
    let p = blocking(api, move |s| s.list_static_ips(page.index(), page.page_size)).await?;
    Ok(Json(PageJson::from_page(page, p)))
}

/// Who holds an address.
#[utoipa::path(
    get,
    path = "/static-ips/{address}",
    tag = tags::STATIC_IP,
    params(("address" = String, Path, description = "An IPv4 or IPv6 address")),
    responses(
        (status = 200, description = "Its holders", body = HoldersJson),
        (status = 404, description = "No subscriber holds it (`static_ip.not_found`)")
    )
)]
async fn by_address(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<HoldersJson>, ApiError> {
    let address: IpAddr =
        raw.parse().map_err(|_| ApiError::invalid("address", "must be an IPv4 or IPv6 address"))?;
    let holders = blocking(api, move |s| s.static_ip_holders(address)).await?;
    if holders.is_empty() {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "static_ip.not_found",
            "no subscriber holds this static address",
        ));
    }
    let holders = holders
        .into_iter()
        .map(|(apn, imsi)| HolderJson { apn_profile: apn.get(), imsi: imsi.to_string() })
        .collect();
    Ok(Json(HoldersJson { address, holders }))
}
