resource "cloudflare_workers_kv_namespace" "field" {
  account_id = var.account_id
  title      = "${var.script_name}-field"
}

# Sacred artifacts (docs/artifacts.md): content-addressed blobs under artifacts/<sha256>, written and served by the
# Worker only (binding ARTIFACTS; no public bucket URL, no S3 credentials). Why R2: docs/adr/0006-artifacts-in-r2.md.
resource "cloudflare_r2_bucket" "artifacts" {
  account_id = var.account_id
  name       = var.artifacts_bucket_name
  location   = var.artifacts_location
}

locals {
  # Binding names and types match edge-worker/wrangler.toml (check/ compares them). EDGE_SECRET and
  # HUB_FEED_SECRET are not among them: terraform_data.edge_secret / hub_feed_secret copy them from Secret
  # Manager into the Worker (never in state). Every binding has the same attributes (null where unused), so
  # the lists concatenate as one type.
  fixed_bindings = [
    {
      name         = "FIELD_KV"
      type         = "kv_namespace"
      namespace_id = cloudflare_workers_kv_namespace.field.id
      text         = null
      class_name   = null
      dataset      = null
    },
    {
      name         = "ORIGINS"
      type         = "plain_text"
      namespace_id = null
      text         = jsonencode(var.origins)
      class_name   = null
      dataset      = null
    },
    # The field hub (docs/live-field.md): one Durable Object class of this script, instance "global".
    {
      name         = "HUB"
      type         = "durable_object_namespace"
      namespace_id = null
      text         = null
      class_name   = "FieldHub"
      dataset      = null
    },
    # Edge metrics (docs/observability.md#edge-metrics): one Workers Analytics Engine data point per request.
    {
      name         = "EDGE_METRICS"
      type         = "analytics_engine"
      namespace_id = null
      text         = null
      class_name   = null
      dataset      = var.metrics_dataset
    },
    # Sacred artifacts (docs/artifacts.md): the R2 bucket above; unbound, every artifact route answers 503.
    {
      name         = "ARTIFACTS"
      type         = "r2_bucket"
      namespace_id = null
      text         = null
      class_name   = null
      dataset      = null
      bucket_name  = cloudflare_r2_bucket.artifacts.name
    },
    # The static assets uploaded with the script (below): the dashboard, and openapi.json, which the Worker
    # reads through this binding to serve /v1/openapi.json (edge-worker/wrangler.toml [assets]).
    {
      name         = "ASSETS"
      type         = "assets"
      namespace_id = null
      text         = null
      class_name   = null
    },
  ]
  # ARTIFACT_MAX_BYTES comes from its own variable, which the roots also give heart (gcp-functions), so that the
  # edge and heart refuse the same sizes (docs/artifacts.md#config).
  var_bindings = [for name, value in merge(var.worker_vars, { ARTIFACT_MAX_BYTES = tostring(var.artifact_max_bytes) }) : {
    name         = name
    type         = "plain_text"
    namespace_id = null
    text         = value
    class_name   = null
    dataset      = null
  }]

  # The Durable Object migration that creates FieldHub, equal to the last [[migrations]] of
  # edge-worker/wrangler.toml (check/ compares tag and classes). SQLite-backed, as Cloudflare recommends for
  # new classes (the only kind the free plan offers); WebSocket hibernation works the same on both backends.
  do_migration = {
    new_tag            = "v1-field-hub"
    new_sqlite_classes = ["FieldHub"]
  }

  # The route's hostname: a Worker route only fires for a hostname with a proxied DNS record.
  route_host = split("/", var.route_pattern)[0]

  # Rate limits (docs/contracts.md#rate-limits) in the shape of the Workers API's ratelimit binding.
  ratelimit_bindings = [for name, l in var.rate_limits : {
    name         = name
    type         = "ratelimit"
    namespace_id = l.namespace_id
    simple       = { limit = l.limit, period = l.period }
  }]
}

# The Cron Trigger of wrangler.toml's [triggers]: a probe round of every origin's /v1/healthz whatever the
# traffic (docs/observability.md#origin-health; between rounds, traffic itself starts them every PROBE_INTERVAL_MS).
resource "cloudflare_workers_cron_trigger" "probe" {
  account_id  = var.account_id
  script_name = cloudflare_workers_script.edge.script_name
  schedules   = [for cron in var.cron_schedules : { cron = cron }]
}

resource "cloudflare_workers_script" "edge" {
  account_id         = var.account_id
  script_name        = var.script_name
  content_file       = var.worker_bundle_path
  content_sha256     = filesha256(var.worker_bundle_path)
  main_module        = basename(var.worker_bundle_path)
  compatibility_date = var.compatibility_date
  bindings           = concat(local.fixed_bindings, local.var_bindings)
  # Kept across uploads: EDGE_SECRET and HUB_FEED_SECRET (secret_text) and the rate limits, which
  # cloudflare 5.14.0 cannot declare (its binding types lack "ratelimit"); all are set by the steps below.
  keep_bindings = ["secret_text", "ratelimit"]
  # Applied by the API when the script's current migration tag is older (a first upload has none). The
  # provider has open reports of migrations not applied or not kept in state (terraform-provider-cloudflare
  # issues 5701, 5898): after the first apply, GET .../workers/scripts/NAME/settings must show
  # migration_tag "v1-field-hub"; if not, `npx wrangler deploy` from edge-worker/ applies it once (README, Deploy).
  migrations = local.do_migration

  # edge-worker/dashboard as Workers Static Assets, as wrangler.toml's [assets] deploys it: a path that
  # names a file there is served before the Worker runs; everything else (/v1/...) runs the Worker.
  assets = {
    directory = var.assets_directory
    config = {
      html_handling      = "auto-trailing-slash"
      not_found_handling = "none"
    }
  }

  observability = {
    enabled = true
  }
}

# cloudflare 5.14.0 has no ratelimit binding type (upstream added it later: terraform-provider-cloudflare
# PR 6912). Until the pin moves, the four bindings are put on the script through the Workers API
# (scripts/worker-bindings.mjs ratelimits), with the values of var.rate_limits; keep_bindings above keeps
# them when Terraform uploads a new bundle. terraform/check compares var.rate_limits with wrangler.toml.
resource "terraform_data" "rate_limits" {
  # Everything a script upload can change, so the limits are put back even where keep_bindings did not
  # keep them (the API documents keep_bindings by binding type; only secret types are tried by wrangler).
  triggers_replace = [
    cloudflare_workers_script.edge.id,
    cloudflare_workers_script.edge.content_sha256,
    var.compatibility_date,
    sha256(jsonencode(concat(local.fixed_bindings, local.var_bindings))),
    jsonencode(local.ratelimit_bindings),
  ]

  provisioner "local-exec" {
    command = "node ${path.module}/../../scripts/worker-bindings.mjs ratelimits"
    environment = {
      CF_ACCOUNT_ID  = var.account_id
      CF_SCRIPT_NAME = cloudflare_workers_script.edge.script_name
      CF_BINDINGS    = jsonencode(local.ratelimit_bindings)
      CF_API_TOKEN   = var.api_token
    }
  }
}

# EDGE_SECRET goes from Secret Manager (written there write-only by gcp-platform) straight into the Worker
# secret, so it never passes through Terraform state. Runs again when secrets_version changes.
resource "terraform_data" "edge_secret" {
  triggers_replace = [cloudflare_workers_script.edge.id, var.edge_secret_version]

  provisioner "local-exec" {
    command = "gcloud secrets versions access latest --secret=${var.edge_secret_id} --project=${var.gcp_project_id} | node ${path.module}/../../scripts/worker-bindings.mjs secret EDGE_SECRET"
    environment = {
      CF_ACCOUNT_ID  = var.account_id
      CF_SCRIPT_NAME = cloudflare_workers_script.edge.script_name
      CF_API_TOKEN   = var.api_token
    }
  }
}

# HUB_FEED_SECRET (docs/live-field.md#feed) the same way: the functions sign their feed with the Secret
# Manager value, the Worker checks it with this copy.
resource "terraform_data" "hub_feed_secret" {
  triggers_replace = [cloudflare_workers_script.edge.id, var.edge_secret_version]

  provisioner "local-exec" {
    command = "gcloud secrets versions access latest --secret=${var.hub_feed_secret_id} --project=${var.gcp_project_id} | node ${path.module}/../../scripts/worker-bindings.mjs secret HUB_FEED_SECRET"
    environment = {
      CF_ACCOUNT_ID  = var.account_id
      CF_SCRIPT_NAME = cloudflare_workers_script.edge.script_name
      CF_API_TOKEN   = var.api_token
    }
  }
}

# Clients reach the council only through the route: workers.dev and preview URLs stay off, so nobody can
# reach the Worker around the zone's protections (docs: README, Only through the edge).
resource "cloudflare_workers_script_subdomain" "edge" {
  account_id       = var.account_id
  script_name      = cloudflare_workers_script.edge.script_name
  enabled          = var.workers_dev
  previews_enabled = false
}

# A route fires only for a proxied hostname. 100:: is the documented placeholder for a hostname that only a
# Worker answers (no origin server behind it).
resource "cloudflare_dns_record" "route" {
  zone_id = var.zone_id
  name    = local.route_host
  type    = "AAAA"
  content = "100::"
  proxied = true
  ttl     = 1
  comment = "Sacred Council edge: served by the Worker route ${var.route_pattern}"
}

resource "cloudflare_workers_route" "edge" {
  zone_id = var.zone_id
  pattern = var.route_pattern
  script  = cloudflare_workers_script.edge.script_name

  depends_on = [cloudflare_dns_record.route, terraform_data.edge_secret, terraform_data.hub_feed_secret, terraform_data.rate_limits]
}
