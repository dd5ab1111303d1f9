//! The API describing itself: `GET /openapi.json`, the OpenAPI 3.1 document (`openapi/`), and
//! `/docs`, the API UI: Swagger UI, whose files `utoipa-swagger-ui` builds into the binary
//! (its `vendored` feature: nothing is fetched at build or at run time; the UI's online
//! validator is off). Both are open, with tokens or without.

use std::sync::{Arc, LazyLock};

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use utoipa_swagger_ui::Config;

use super::{PathParam, Shared};
use crate::error::ApiError;
use crate::openapi::tags;

/// Where the document is served.
pub const OPENAPI_PATH: &str = "/openapi.json";

/// The UI's configuration: this API's document, no online validator.
static UI: LazyLock<Arc<Config<'static>>> = LazyLock::new(|| {
    Arc::new(
        Config::new([OPENAPI_PATH])
            .validator_url("none")
            .display_request_duration(true)
            .persist_authorization(true),
    )
});

/// The routes of the document and the UI.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(openapi_json))
        .routes(routes!(ui_redirect))
        .routes(routes!(ui_index))
        .routes(routes!(ui_file))
}

/// The OpenAPI 3.1 document of this API (what `/docs` shows).
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = tags::SERVICE,
    responses((
        status = 200,
        description = "The document",
        content_type = "application/json",
        body = serde_json::Value
    ))
)]
async fn openapi_json(State(api): State<Shared>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], api.openapi.clone())
}

/// The API UI: redirects to `/docs/`.
#[utoipa::path(
    get,
    path = "/docs",
    tag = tags::SERVICE,
    responses((
        status = 303,
        description = "To `/docs/`",
        headers(("Location" = String, description = "`/docs/`"))
    ))
)]
async fn ui_redirect() -> Redirect {
    Redirect::to("/docs/")
}

/// The API UI (Swagger UI) over `/openapi.json`: every operation, with "Try it out".
#[utoipa::path(
    get,
    path = "/docs/",
    tag = tags::SERVICE,
    responses((status = 200, description = "The UI's page", content_type = "text/html", body = String))
)]
async fn ui_index() -> Response {
    ui("")
}

/// One file of the API UI (scripts, styles, images).
#[utoipa::path(
    get,
    path = "/docs/{file}",
    tag = tags::SERVICE,
    params(("file" = String, Path, description = "A file of the UI (`swagger-ui-bundle.js`)")),
    responses(
        (status = 200, description = "The file, its type by its name", content_type = "*/*", body = Vec<u8>),
        (status = 404, description = "No such file (`not_found`)")
    )
)]
async fn ui_file(PathParam(file): PathParam) -> Response {
    ui(&file)
}

fn ui(file: &str) -> Response {
    match utoipa_swagger_ui::serve(file, UI.clone()) {
        Ok(Some(f)) => {
            let mut response =
                ([(header::CONTENT_TYPE, f.content_type)], f.bytes.into_owned()).into_response();
            if f.gzpipped {
                response
                    .headers_mut()
                    .insert(header::CONTENT_ENCODING, header::HeaderValue::from_static("gzip"));
            }
            response
        }
        Ok(None) => ApiError::no_route().into_response(),
        Err(e) => {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", format!("API UI: {e}"))
                .into_response()
        }
    }
}
