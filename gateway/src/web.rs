//! The web cabinets: the sign-in page, the cabinet page and their style sheet and ES
//! modules, embedded in the binary (no build step, nothing fetched from elsewhere) and
//! served under a strict Content-Security-Policy.
//!
//! These routes are pages, not the JSON API: they are in [`crate::app::ROUTES`] but not in
//! the OpenAPI document, which describes the JSON API only.

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, codes};
use crate::state::AppState;

/// Scripts, styles, images and requests from the gateway itself only; no inline script or
/// style, no frames, forms post only here.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const SIGN_IN_PAGE: &str = include_str!("../web/index.html");
const CABINET_PAGE: &str = include_str!("../web/cabinet.html");
/// Where the sign-in page learns the chain's address prefix (it derives the address).
const PREFIX_SLOT: &str = "{{account_prefix}}";
/// Where it learns the chain's id (a browser wallet is asked for keys of this chain).
const CHAIN_SLOT: &str = "{{chain_id}}";

const JS: &str = "text/javascript; charset=utf-8";

/// The files under `/assets/`: (path below `/assets/`, content type, bytes).
pub const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "style.css",
        "text/css; charset=utf-8",
        include_bytes!("../web/style.css"),
    ),
    ("js/adr036.js", JS, include_bytes!("../web/js/adr036.js")),
    ("js/admin.js", JS, include_bytes!("../web/js/admin.js")),
    ("js/api.js", JS, include_bytes!("../web/js/api.js")),
    ("js/audit.js", JS, include_bytes!("../web/js/audit.js")),
    ("js/bank.js", JS, include_bytes!("../web/js/bank.js")),
    ("js/bech32.js", JS, include_bytes!("../web/js/bech32.js")),
    ("js/bytes.js", JS, include_bytes!("../web/js/bytes.js")),
    ("js/cabinet.js", JS, include_bytes!("../web/js/cabinet.js")),
    ("js/chart.js", JS, include_bytes!("../web/js/chart.js")),
    ("js/cloud.js", JS, include_bytes!("../web/js/cloud.js")),
    (
        "js/contract-text.js",
        JS,
        include_bytes!("../web/js/contract-text.js"),
    ),
    (
        "js/contracts.js",
        JS,
        include_bytes!("../web/js/contracts.js"),
    ),
    ("js/dom.js", JS, include_bytes!("../web/js/dom.js")),
    (
        "js/downloads.js",
        JS,
        include_bytes!("../web/js/downloads.js"),
    ),
    (
        "js/forecast.js",
        JS,
        include_bytes!("../web/js/forecast.js"),
    ),
    ("js/drafts.js", JS, include_bytes!("../web/js/drafts.js")),
    ("js/files.js", JS, include_bytes!("../web/js/files.js")),
    ("js/flow.js", JS, include_bytes!("../web/js/flow.js")),
    ("js/format.js", JS, include_bytes!("../web/js/format.js")),
    ("js/inputs.js", JS, include_bytes!("../web/js/inputs.js")),
    ("js/keplr.js", JS, include_bytes!("../web/js/keplr.js")),
    ("js/keys.js", JS, include_bytes!("../web/js/keys.js")),
    ("js/lines.js", JS, include_bytes!("../web/js/lines.js")),
    ("js/live.js", JS, include_bytes!("../web/js/live.js")),
    ("js/loans.js", JS, include_bytes!("../web/js/loans.js")),
    ("js/meters.js", JS, include_bytes!("../web/js/meters.js")),
    ("js/money.js", JS, include_bytes!("../web/js/money.js")),
    ("js/park.js", JS, include_bytes!("../web/js/park.js")),
    ("js/prices.js", JS, include_bytes!("../web/js/prices.js")),
    (
        "js/protobuf.js",
        JS,
        include_bytes!("../web/js/protobuf.js"),
    ),
    ("js/redraw.js", JS, include_bytes!("../web/js/redraw.js")),
    ("js/slots.js", JS, include_bytes!("../web/js/slots.js")),
    (
        "js/ripemd160.js",
        JS,
        include_bytes!("../web/js/ripemd160.js"),
    ),
    (
        "js/secp256k1.js",
        JS,
        include_bytes!("../web/js/secp256k1.js"),
    ),
    ("js/session.js", JS, include_bytes!("../web/js/session.js")),
    ("js/signin.js", JS, include_bytes!("../web/js/signin.js")),
    ("js/tariffs.js", JS, include_bytes!("../web/js/tariffs.js")),
    ("js/tx.js", JS, include_bytes!("../web/js/tx.js")),
    ("js/usage.js", JS, include_bytes!("../web/js/usage.js")),
    ("js/wallet.js", JS, include_bytes!("../web/js/wallet.js")),
];

/// `body` as `content_type` with the pages' security headers. Pages and modules change with
/// the binary and carry no version in their names, so the browser revalidates each time.
fn respond(content_type: &'static str, body: impl IntoResponse) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        HeaderName::from_static("content-security-policy"),
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        HeaderName::from_static("referrer-policy"),
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

const HTML: &str = "text/html; charset=utf-8";

/// `GET /`: the sign-in page.
pub async fn sign_in(State(state): State<AppState>) -> Response {
    // Prefix and chain id are the operator's settings; escaping keeps them text inside the
    // attributes.
    let prefix = escape_attribute(&state.settings.account_prefix);
    let chain_id = escape_attribute(&state.settings.chain_id);
    respond(
        HTML,
        SIGN_IN_PAGE
            .replace(PREFIX_SLOT, &prefix)
            .replace(CHAIN_SLOT, &chain_id),
    )
}

/// `GET /cabinet`: the signed-in participant's cabinet (its script asks the API).
pub async fn cabinet() -> Response {
    respond(HTML, CABINET_PAGE)
}

/// `GET /assets/{*file}`: one embedded file, or the coded 404.
pub async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, content_type, bytes)) => respond(content_type, *bytes),
        None => ApiError::new(
            StatusCode::NOT_FOUND,
            codes::NOT_FOUND,
            format!("no asset {file}"),
        )
        .into_response(),
    }
}

fn escape_attribute(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '"' => "&quot;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn web_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("web")
    }

    #[test]
    fn every_file_of_the_web_folder_is_served() {
        let mut on_disk = vec![];
        for dir in ["", "js"] {
            for entry in std::fs::read_dir(web_dir().join(dir)).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_str().unwrap().to_string();
                if path.is_file() && (name.ends_with(".js") || name.ends_with(".css")) {
                    on_disk.push(if dir.is_empty() {
                        name
                    } else {
                        format!("{dir}/{name}")
                    });
                }
            }
        }
        on_disk.sort();
        let mut served: Vec<&str> = ASSETS.iter().map(|(name, _, _)| *name).collect();
        served.sort_unstable();
        assert_eq!(on_disk, served, "gateway/web and web::ASSETS differ");
    }

    #[test]
    fn pages_have_no_inline_script_or_style_and_nothing_from_elsewhere() {
        for page in [SIGN_IN_PAGE, CABINET_PAGE] {
            for tag in page.split("<script").skip(1) {
                let open = tag.split('>').next().unwrap();
                assert!(open.contains("src=\"/assets/js/"), "inline script: {open}");
                assert!(tag.contains("</script>"));
            }
            assert!(!page.contains("<style"), "inline style sheet");
            assert!(!page.contains(" style="), "inline style attribute");
            for rest in page.split(" on").skip(1) {
                let name_end = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(0);
                assert!(
                    !rest[name_end..].starts_with('='),
                    "inline event handler: on{}",
                    &rest[..name_end]
                );
            }
            assert!(!page.contains("http:") && !page.contains("https:") && !page.contains("//"));
        }
        // The SVG namespace is a name, not an address anything is fetched from.
        const SVG_NAMESPACE: &str = "'http://www.w3.org/2000/svg'";
        for (name, _, bytes) in ASSETS {
            let text = std::str::from_utf8(bytes)
                .unwrap()
                .replace(SVG_NAMESPACE, "");
            assert!(
                !text.contains("http://") && !text.contains("https://"),
                "{name} names another origin"
            );
            assert!(!text.contains("innerHTML"), "{name} parses HTML");
        }
    }

    #[test]
    fn the_prefix_and_chain_id_are_escaped_into_the_sign_in_page() {
        assert_eq!(escape_attribute("wa\"sm<"), "wa&quot;sm&lt;");
        assert!(SIGN_IN_PAGE.contains(PREFIX_SLOT));
        assert!(SIGN_IN_PAGE.contains(CHAIN_SLOT));
    }
}
