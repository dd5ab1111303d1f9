//! `/ims-subscriptions`: IMS subscriptions (TS 29.228 Annex B), keyed by any of their private
//! identities, readable by any of their public identities, with the registration the S-CSCF
//! keeps (read-only). SIP Digest passwords go in, never out: the API stores H(A1) only, and
//! reads show only that it is set, as they do for Ki and OPc.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use md5::{Digest, Md5};
use serde::Serialize;
use serde_json::Value;
use store::{
    AuthScheme, ChargingAddresses, ImsRecord, ImsRegistration, ImsSubscription, PrivateIdentity,
    PublicIdentity, RegistrationState, ServerCapabilities, ServiceProfile,
};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{PathParam, Shared, blocking, cscf};
use crate::error::ApiError;
use crate::extract::{JsonBody, Pagination, parse};
use crate::openapi::params::{ImpiParam, ImpuParam};
use crate::openapi::{model, tags};
use crate::schema::PageJson;

/// The routes of this resource.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(read, replace, delete))
        .routes(routes!(by_impu))
}

/// Sh Data-Reference InitialFilterCriteria (TS 29.328 §7.6.5).
const INITIAL_FILTER_CRITERIA: u32 = 13;

/// The write-only field of a private identity that stands for `digest_ha1`.
const PASSWORD: &str = "digest_password";

/// Longest SIP Digest password accepted.
const MAX_PASSWORD_LEN: usize = 1024;

/// An IMS subscription as the API shows it: the stored document, with each private
/// identity's H(A1) replaced by whether it is set, and the registration.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ImsSubscriptionShown)]
pub struct ImsJson {
    /// The linked EPS subscriber.
    #[serde(skip_serializing_if = "Option::is_none")]
    imsi: Option<String>,
    private_identities: Vec<PrivateJson>,
    #[schema(value_type = Vec<model::PublicIdentity>)]
    public_identities: Vec<PublicIdentity>,
    #[schema(value_type = Vec<model::ServiceProfile>)]
    service_profiles: Vec<ServiceProfile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scscf_name: Option<String>,
    #[schema(value_type = model::ServerCapabilities)]
    server_capabilities: ServerCapabilities,
    #[schema(value_type = model::ChargingAddresses)]
    charging: ChargingAddresses,
    roaming_allowed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_data_template: Option<u32>,
    registration: RegistrationJson,
    /// What the S-CSCF was told of this change (PPR), when a user is registered.
    #[serde(skip_serializing_if = "Option::is_none")]
    notified: Option<cscf::NotifyJson>,
}

/// A private identity without its secret.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PrivateIdentityShown)]
struct PrivateJson {
    impi: String,
    #[schema(value_type = Vec<model::AuthScheme>)]
    schemes: Vec<AuthScheme>,
    #[serde(skip_serializing_if = "Option::is_none")]
    digest_realm: Option<String>,
    /// A SIP Digest H(A1) is stored (it is never shown).
    digest_ha1_set: bool,
}

/// What the HSS records of the subscription's registration (read-only; written by SAR).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ImsRegistration)]
struct RegistrationJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    server_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scscf_host: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scscf_realm: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pending_server_name: Option<String>,
    /// Every implicit set of the subscription (and any the registration still names), with
    /// its state.
    sets: Vec<SetStateJson>,
    registered_impis: Vec<String>,
    /// SCSCF-Restoration-Info as the S-CSCF sent it, hex.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    restoration_info: Vec<String>,
}

/// The registration state of one implicit set.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ImplicitSetState)]
struct SetStateJson {
    implicit_set: u8,
    #[schema(value_type = model::RegistrationState)]
    state: RegistrationState,
}

impl From<ImsRecord> for ImsJson {
    fn from(r: ImsRecord) -> Self {
        let mut set_numbers = r.subscription.implicit_sets();
        set_numbers.extend(r.registration.sets.iter().map(|(set, _)| *set));
        set_numbers.sort_unstable();
        set_numbers.dedup();
        let sets = set_numbers
            .into_iter()
            .map(|set| SetStateJson { implicit_set: set, state: r.registration.state(set) })
            .collect();
        // Named field by field, so that a field added to the store's types is a compile error
        // here rather than silently left out (or, for a secret, silently shown).
        let ImsRegistration {
            server_name,
            scscf_host,
            scscf_realm,
            pending_server_name,
            sets: _,
            registered_impis,
            restoration_info,
        } = r.registration;
        let ImsSubscription {
            imsi,
            private_identities,
            public_identities,
            service_profiles,
            scscf_name,
            server_capabilities,
            charging,
            roaming_allowed,
            user_data_template,
        } = r.subscription;
        Self {
            imsi,
            private_identities: private_identities
                .into_iter()
                .map(|p| {
                    let PrivateIdentity { impi, schemes, digest_ha1, digest_realm } = p;
                    PrivateJson {
                        impi,
                        schemes,
                        digest_realm,
                        digest_ha1_set: digest_ha1.is_some(),
                    }
                })
                .collect(),
            public_identities,
            service_profiles,
            scscf_name,
            server_capabilities,
            charging,
            roaming_allowed,
            user_data_template,
            registration: RegistrationJson {
                server_name,
                scscf_host,
                scscf_realm,
                pending_server_name,
                sets,
                registered_impis,
                restoration_info: restoration_info.iter().map(hex::encode).collect(),
            },
            notified: None,
        }
    }
}

/// SIP Digest H(A1) (RFC 2617 §3.2.2.2): lowercase hex MD5 of `user:realm:password`.
fn digest_ha1(user: &str, realm: &str, password: &str) -> String {
    let mut md5 = Md5::new();
    md5.update(user.as_bytes());
    md5.update(b":");
    md5.update(realm.as_bytes());
    md5.update(b":");
    md5.update(password.as_bytes());
    hex::encode(md5.finalize())
}

/// The subscription in a request body: the store's JSON form, except that a private identity
/// may give `digest_password` instead of `digest_ha1`. The passwords are taken out of the
/// document before it is parsed (so that no error message can quote one), the rest is parsed
/// as any body is (an error names the field), and each password becomes its identity's H(A1)
/// over the identity's realm.
pub(super) fn subscription(mut body: Value) -> Result<ImsSubscription, ApiError> {
    let passwords = take_passwords(&mut body)?;
    // Re-encoding a parsed document does not fail.
    let bytes = serde_json::to_vec(&body)
        .map_err(|e| ApiError::bad_request(format!("cannot read the body: {e}"), None))?;
    let mut sub: ImsSubscription = parse(&bytes)?;
    for (i, password) in passwords {
        if let Some(p) = sub.private_identities.get_mut(i) {
            p.digest_ha1 = Some(digest_ha1(&p.impi, p.realm(), &password));
        }
    }
    Ok(sub)
}

/// Removes `private_identities[i].digest_password` from `body`; returns (i, password) for each.
fn take_passwords(body: &mut Value) -> Result<Vec<(usize, String)>, ApiError> {
    let field = "private_identities[].digest_password";
    let Some(list) = body.get_mut("private_identities").and_then(Value::as_array_mut) else {
        // Not a list: parsing says so, naming the field.
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (i, identity) in list.iter_mut().enumerate() {
        let Some(identity) = identity.as_object_mut() else { continue };
        // `null` is no password.
        let Some(password) = identity.remove(PASSWORD).filter(|p| !p.is_null()) else { continue };
        if identity.get("digest_ha1").is_some_and(|h| !h.is_null()) {
            return Err(ApiError::invalid(field, "give digest_ha1 or digest_password, not both"));
        }
        match password {
            Value::String(p) if !p.is_empty() && p.len() <= MAX_PASSWORD_LEN => out.push((i, p)),
            Value::String(_) => return Err(ApiError::invalid(field, "must be 1 to 1024 octets")),
            _ => return Err(ApiError::invalid(field, "must be a string")),
        }
    }
    Ok(out)
}

/// A replacement keeps the stored H(A1) of a private identity that still allows SIP Digest,
/// gives neither `digest_ha1` nor `digest_password`, and keeps its realm: reads never show
/// the H(A1), so a client could not send it back.
fn keep_digest(new: &mut ImsSubscription, old: &ImsSubscription) {
    for p in &mut new.private_identities {
        if p.digest_ha1.is_none()
            && p.schemes.contains(&AuthScheme::SipDigest)
            && let Some(o) = old.private_identity(&p.impi)
            && o.realm() == p.realm()
        {
            p.digest_ha1.clone_from(&o.digest_ha1);
        }
    }
}

/// The IMS subscriptions.
#[utoipa::path(
    get,
    path = "/ims-subscriptions",
    tag = tags::IMS,
    params(Pagination),
    responses((status = 200, description = "One page", body = PageJson<ImsJson>))
)]
async fn list(
    State(api): State<Shared>,
    page: Pagination,
) -> Result<Json<PageJson<ImsJson>>, ApiError> {
    let p = blocking(api, move |s| s.list_ims_subscriptions(page.index(), page.page_size)).await?;
    Ok(Json(PageJson::from_page(page, p)))
}

/// Creates an IMS subscription.
#[utoipa::path(
    post,
    path = "/ims-subscriptions",
    tag = tags::IMS,
    request_body = model::ImsSubscription,
    responses(
        (status = 201, description = "Created", body = ImsJson),
        (
            status = 409,
            description = "An identity is taken (`ims_subscription.duplicate`, `field` names it)"
        )
    )
)]
async fn create(
    State(api): State<Shared>,
    JsonBody(body): JsonBody<Value>,
) -> Result<impl IntoResponse, ApiError> {
    let sub = subscription(body)?;
    sub.validate()?;
    let record = blocking(api, move |s| {
        let key = s.create_ims_subscription(&sub)?;
        // A new subscription has no registration (the store drops any left over).
        Ok(ImsRecord { key, subscription: sub, registration: ImsRegistration::default() })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(ImsJson::from(record))))
}

/// One IMS subscription, by any of its private identities.
#[utoipa::path(
    get,
    path = "/ims-subscriptions/{impi}",
    tag = tags::IMS,
    params(ImpiParam),
    responses(
        (status = 200, description = "The subscription", body = ImsJson),
        (status = 404, description = "No such subscription (`ims_subscription.not_found`)")
    )
)]
async fn read(
    State(api): State<Shared>,
    PathParam(impi): PathParam,
) -> Result<Json<ImsJson>, ApiError> {
    Ok(Json(blocking(api, move |s| s.ims_subscription(&impi)).await?.into()))
}

/// One IMS subscription, by any of its public identities.
#[utoipa::path(
    get,
    path = "/ims-subscriptions/by-impu/{impu}",
    tag = tags::IMS,
    params(ImpuParam),
    responses(
        (status = 200, description = "The subscription", body = ImsJson),
        (status = 404, description = "No such subscription (`ims_subscription.not_found`)")
    )
)]
async fn by_impu(
    State(api): State<Shared>,
    PathParam(impu): PathParam,
) -> Result<Json<ImsJson>, ApiError> {
    Ok(Json(blocking(api, move |s| s.ims_subscription_by_impu(&impu)).await?.into()))
}

/// Replaces an IMS subscription (its registration stays); a registered user's S-CSCF gets the
/// new profile (PPR), ASs watching its iFCs a PNR.
#[utoipa::path(
    put,
    path = "/ims-subscriptions/{impi}",
    tag = tags::IMS,
    params(ImpiParam),
    request_body = model::ImsSubscription,
    responses(
        (status = 200, description = "The subscription, with the PPR sent", body = ImsJson),
        (status = 404, description = "No such subscription (`ims_subscription.not_found`)"),
        (
            status = 409,
            description = "An identity is taken (`ims_subscription.duplicate`, `field` names it)"
        )
    )
)]
async fn replace(
    State(api): State<Shared>,
    PathParam(impi): PathParam,
    JsonBody(body): JsonBody<Value>,
) -> Result<Json<ImsJson>, ApiError> {
    let mut new = subscription(body)?;
    let record = blocking(api.clone(), move |s| {
        keep_digest(&mut new, &s.ims_subscription(&impi)?.subscription);
        let old = s.replace_ims_subscription(&impi, &new)?;
        // The registration stays.
        Ok(ImsRecord { key: old.key, subscription: new, registration: old.registration })
    })
    .await?;
    // A registered user's S-CSCF gets the new profile (TS 29.228 §6.1.4).
    let first = record.subscription.private_identities.first().map(|p| p.impi.clone());
    let pushed = match first {
        Some(impi) => cscf::push_profile(&api, impi, &record.registration).await,
        None => None,
    };
    // Application servers watching the iFCs (Sh SNR, Data-Reference 13) get them anew.
    for impu in record.subscription.public_identities.iter().map(|p| p.impu.clone()) {
        let _ = super::sh::notify_data(&api, record.key, impu, INITIAL_FILTER_CRITERIA, Vec::new())
            .await;
    }
    let mut json = ImsJson::from(record);
    json.notified = pushed;
    Ok(Json(json))
}

/// Deletes an IMS subscription; its S-CSCF, if registered, gets an RTR.
#[utoipa::path(
    delete,
    path = "/ims-subscriptions/{impi}",
    tag = tags::IMS,
    params(ImpiParam),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such subscription (`ims_subscription.not_found`)")
    )
)]
async fn delete(
    State(api): State<Shared>,
    PathParam(impi): PathParam,
) -> Result<StatusCode, ApiError> {
    let old = blocking(api.clone(), move |s| s.delete_ims_subscription(&impi)).await?;
    // Its S-CSCF, if it is registered, is told the subscription is gone (TS 29.228
    // §6.1.3); the deletion stands whatever the S-CSCF answers.
    if let Some(first) = old.subscription.private_identities.first() {
        let notified = cscf::terminate(&api, first.impi.clone(), &old.registration, 0, None).await;
        if let Some(n) = notified.filter(|n| !n.sent()) {
            tracing::warn!(scscf = n.host(), "RTR for a deleted IMS subscription not sent");
        }
    }
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ha1_is_rfc_2617s() {
        // RFC 2617 §3.5: Mufasa, testrealm@host.com, "Circle Of Life".
        let ha1 = digest_ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
        assert_eq!(ha1, "939e7578ed9e3c518a452acee763bce9");
    }
}
