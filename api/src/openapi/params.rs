//! The path parameters many operations share, as the document describes them. Each handler
//! still parses its own (`PathParam`), naming the field in a 422.

#![allow(dead_code)]

use utoipa::IntoParams;

/// `{id}`: a resource id.
#[derive(IntoParams)]
#[into_params(names("id"), parameter_in = Path)]
pub(crate) struct IdParam(
    /// 1 to 4294967295.
    #[param(minimum = 1, maximum = 4294967295_u64)]
    u32,
);

/// `{imsi}`: a subscriber's IMSI.
#[derive(IntoParams)]
#[into_params(names("imsi"), parameter_in = Path)]
pub(crate) struct ImsiParam(
    /// 5 to 15 digits.
    #[param(pattern = "^[0-9]{5,15}$", example = "001010000000001")]
    String,
);

/// `{impu}`: an IMS public identity.
#[derive(IntoParams)]
#[into_params(names("impu"), parameter_in = Path)]
pub(crate) struct ImpuParam(
    /// A SIP or tel URI, percent-encoded (`sip%3Aalice%40ims.example`).
    #[param(example = "sip:alice@ims.example")]
    String,
);

/// `{impi}`: an IMS private identity.
#[derive(IntoParams)]
#[into_params(names("impi"), parameter_in = Path)]
pub(crate) struct ImpiParam(
    /// Any private identity of the subscription (`user@realm`).
    #[param(example = "alice@ims.example")]
    String,
);
