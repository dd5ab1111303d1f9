//! `/static-ips`: the static addresses subscribers hold, each unique per APN profile (read
//! only; they are provisioned in a subscriber's `apns`).

use std::net::IpAddr;

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Json, Router, routing::get};
use serde::Serialize;
use store::{ApnId, Imsi};

use super::{PathParam, Shared, blocking};
use crate::error::ApiError;
use crate::extract::Pagination;
use crate::schema::PageJson;

/// The routes of this resource.
pub fn routes() -> Router<Shared> {
    Router::new().route("/static-ips", get(list)).route("/static-ips/{address}", get(by_address))
}

/// One static address: the APN profile it is held on, the address, the subscriber.
#[derive(Debug, Serialize)]
struct StaticIpJson {
    apn_profile: u32,
    address: IpAddr,
    imsi: String,
}

impl From<(ApnId, IpAddr, Imsi)> for StaticIpJson {
    fn from((apn, address, imsi): (ApnId, IpAddr, Imsi)) -> Self {
        Self { apn_profile: apn.get(), address, imsi: imsi.to_string() }
    }
}

/// Who holds one address: at most one subscriber per APN profile.
#[derive(Debug, Serialize)]
struct HoldersJson {
    address: IpAddr,
    holders: Vec<HolderJson>,
}

#[derive(Debug, Serialize)]
struct HolderJson {
    apn_profile: u32,
    imsi: String,
}

async fn list(
    State(api): State<Shared>,
    page: Pagination,
) -> Result<Json<PageJson<StaticIpJson>>, ApiError> {
    let p = blocking(api, move |s| s.list_static_ips(page.index(), page.page_size)).await?;
    Ok(Json(PageJson::from_page(page, p)))
}

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
