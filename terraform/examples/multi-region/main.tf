locals {
  repo = abspath("${path.root}/../../..")
}

module "platform" {
  source = "../../modules/gcp-platform"

  project_id             = var.project_id
  region                 = var.region
  firestore_location     = var.firestore_location
  firestore_rules_path   = "${local.repo}/firestore-rules/firestore.rules"
  firestore_indexes_path = "${local.repo}/firestore-rules/firestore.indexes.json"
  sql_tier               = var.sql_tier
  delivery_policy_path   = "${local.repo}/terraform/delivery-policy.json"
  sql_availability_type  = "REGIONAL"
  cf_api_token           = var.cf_kv_api_token
  wisdom_model_api_key   = var.wisdom_model_api_key
  secrets_version        = var.secrets_version
  deletion_protection    = var.deletion_protection
}

module "functions" {
  source = "../../modules/gcp-functions"

  project_id           = var.project_id
  region               = var.region
  heart_regions        = var.heart_regions
  functions_zip        = "${local.repo}/terraform/build/functions.zip"
  delivery_policy_path = "${local.repo}/terraform/delivery-policy.json"
  db_connection_budget = var.db_connection_budget
  function_settings    = var.function_settings
  topic_names          = module.platform.topic_names
  secret_ids           = module.platform.secret_ids
  sql_connection_name  = module.platform.sql_connection_name
  db_name              = module.platform.db_name
  db_user              = module.platform.db_user
  wisdom_model_url     = var.wisdom_model_url
  wisdom_model_name    = var.wisdom_model_name
  cf_account_id        = var.cloudflare_account_id
  cf_kv_namespace_id   = module.edge.kv_namespace_id
  hub_feed_url         = module.edge.hub_feed_url
  artifact_max_bytes   = var.artifact_max_bytes
  service_dependencies = module.platform.apis
}

module "edge" {
  source = "../../modules/cloudflare-edge"

  account_id          = var.cloudflare_account_id
  zone_id             = var.cloudflare_zone_id
  route_pattern       = var.route_pattern
  worker_bundle_path  = "${local.repo}/terraform/build/worker.mjs"
  assets_directory    = "${local.repo}/edge-worker/dashboard"
  origins             = module.functions.origins
  edge_secret_id      = module.platform.edge_secret_id
  hub_feed_secret_id  = module.platform.hub_feed_secret_id
  edge_secret_version = var.secrets_version
  gcp_project_id      = var.project_id
  api_token           = var.cloudflare_api_token
  artifact_max_bytes  = var.artifact_max_bytes
}

# Alert policies, uptime checks of every heart's /v1/healthz and the council's dashboard (docs/observability.md#alerts).
module "monitoring" {
  source = "../../modules/gcp-monitoring"

  project_id                = var.project_id
  heart_urls                = module.functions.heart_urls
  dead_letter_subscription  = module.platform.dead_letter_subscription
  notification_channels     = var.notification_channels
  pause_coherence_threshold = 0.3
  service_dependencies      = module.platform.apis
}
