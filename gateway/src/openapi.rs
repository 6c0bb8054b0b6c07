//! The OpenAPI document, generated from the handlers and types, and a self-contained docs
//! page that lists its endpoints (no script or style from elsewhere).

use axum::Json;
use axum::response::Html;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The gateway's OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Obligation ledger gateway",
        description = "Sign in with a chain key (ADR-036), then read the ledger by role. Errors are `{code, message}` with stable codes."
    ),
    paths(
        crate::auth::handlers::challenge,
        crate::auth::handlers::login,
        crate::api::wallet::chain,
        crate::api::me::me,
        crate::api::participants::participants,
        crate::api::meters::meters,
        crate::api::meters::bills,
        crate::api::meters::instalments,
        crate::api::usage::daily,
        crate::api::usage::period,
        crate::api::own::holdings,
        crate::api::live::live,
        crate::api::own::prepare,
        crate::api::own::submit,
        crate::api::tariffs::tariffs,
        crate::api::tariffs::version,
        crate::api::drafts::drafts,
        crate::api::drafts::draft,
        crate::api::loans::plans,
        crate::api::loans::confirmations,
        crate::api::contracts::contracts,
        crate::api::contracts::query,
        crate::api::contracts::schema,
        crate::api::downloads::readings,
        crate::api::downloads::bills,
        crate::api::audit::audit,
        crate::api::audit::export,
        crate::api::audit::index_status,
        crate::api::bank::totals,
        crate::api::bank::overdue,
        crate::api::bank::redemptions,
        crate::api::actions::bank::deposit,
        crate::api::actions::bank::settle,
        crate::api::actions::bank::payment,
        crate::api::actions::bank::redeem,
        crate::api::actions::admin::blacklist,
        crate::api::actions::admin::unblacklist,
        crate::api::actions::participants::register,
        crate::api::actions::participants::roles,
        crate::api::actions::admin::participant_status,
        crate::api::actions::admin::meter_status,
        crate::api::actions::admin::register_meter,
        crate::api::actions::emergency::pause,
        crate::api::actions::emergency::resume,
        crate::api::actions::tariffs::create,
        crate::api::actions::tariffs::add_version,
        crate::api::actions::cloud::request,
        crate::api::actions::cloud::accept,
        crate::api::actions::cloud::reject,
        crate::api::actions::cloud::release,
        crate::api::actions::park::offer,
        crate::api::actions::park::bid,
        crate::api::actions::park::cancel,
        crate::ops::health::health,
        crate::ops::metrics::metrics,
        openapi_json,
        docs,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Sign-in by chain key"),
        (name = "api", description = "The ledger, read by role"),
        (name = "actions", description = "The organisation's actions, signed by the gateway's own key"),
        (name = "own", description = "The participant's own transactions: prepared by the gateway, signed in her browser, relayed"),
        (name = "operations", description = "Health, metrics, this document"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// This document.
#[utoipa::path(
    get, path = "/openapi.json", tag = "operations",
    responses((status = 200, description = "The OpenAPI document"))
)]
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// A page listing the endpoints of `/openapi.json`.
#[utoipa::path(
    get, path = "/docs", tag = "operations",
    responses((status = 200, description = "HTML", content_type = "text/html"))
)]
pub async fn docs() -> Html<&'static str> {
    Html(DOCS_PAGE)
}

const DOCS_PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ledger gateway API</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
code, pre { font-family: ui-monospace, monospace; }
.op { border-top: 1px solid #ccc; padding: .5rem 0; }
.method { font-weight: bold; text-transform: uppercase; display: inline-block; min-width: 4rem; }
.lock { color: #555; font-size: .9em; }
pre { background: #f4f4f4; padding: .5rem; overflow-x: auto; }
</style>
</head>
<body>
<main>
<h1 id="title">Ledger gateway API</h1>
<p id="description"></p>
<p>The machine-readable document is at <a href="/openapi.json"><code>/openapi.json</code></a>.</p>
<div id="ops" aria-live="polite">Loading the document…</div>
</main>
<script>
(async () => {
  const ops = document.getElementById('ops');
  try {
    const doc = await (await fetch('/openapi.json')).json();
    document.getElementById('title').textContent = doc.info.title;
    document.getElementById('description').textContent = doc.info.description || '';
    ops.textContent = '';
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const section = document.createElement('section');
        section.className = 'op';
        const h = document.createElement('h2');
        const m = document.createElement('span');
        m.className = 'method';
        m.textContent = method;
        const p = document.createElement('code');
        p.textContent = path;
        h.append(m, p);
        if (op.security) {
          const lock = document.createElement('span');
          lock.className = 'lock';
          lock.textContent = ' (bearer token)';
          h.append(lock);
        }
        const d = document.createElement('p');
        d.textContent = op.description || op.summary || '';
        const r = document.createElement('pre');
        r.textContent = Object.entries(op.responses || {})
          .map(([status, res]) => status + '  ' + (res.description || ''))
          .join('\n');
        section.append(h, d, r);
        ops.append(section);
      }
    }
  } catch (e) {
    ops.textContent = 'Cannot read /openapi.json: ' + e;
  }
})();
</script>
</body>
</html>
"#;
