resource "cloudflare_workers_kv_namespace" "field" {
  account_id = var.account_id
  title      = "${var.script_name}-field"
}

locals {
  # Binding names and types match edge-worker/wrangler.toml (check/ compares them).
  fixed_bindings = [
    {
      name         = "FIELD_KV"
      type         = "kv_namespace"
      namespace_id = cloudflare_workers_kv_namespace.field.id
      text         = null
    },
    {
      name         = "EDGE_SECRET"
      type         = "secret_text"
      namespace_id = null
      text         = var.edge_secret
    },
    {
      name         = "ORIGINS"
      type         = "plain_text"
      namespace_id = null
      text         = jsonencode(var.origins)
    },
  ]
  var_bindings = [for name, value in var.worker_vars : {
    name         = name
    type         = "plain_text"
    namespace_id = null
    text         = value
  }]
}

resource "cloudflare_workers_script" "edge" {
  account_id         = var.account_id
  script_name        = var.script_name
  content_file       = var.worker_bundle_path
  content_sha256     = filesha256(var.worker_bundle_path)
  main_module        = basename(var.worker_bundle_path)
  compatibility_date = var.compatibility_date
  bindings           = concat(local.fixed_bindings, local.var_bindings)

  observability = {
    enabled = true
  }
}

resource "cloudflare_workers_script_subdomain" "edge" {
  account_id  = var.account_id
  script_name = cloudflare_workers_script.edge.script_name
  enabled     = var.workers_dev
}

resource "cloudflare_workers_route" "edge" {
  zone_id = var.zone_id
  pattern = var.route_pattern
  script  = cloudflare_workers_script.edge.script_name
}
