variable "account_id" {
  description = "Cloudflare account id."
  type        = string
}

variable "zone_id" {
  description = "Cloudflare zone that serves the route."
  type        = string
}

variable "route_pattern" {
  description = "Route of the Worker, e.g. council.example.org/*: one hostname (no wildcard), which gets a proxied DNS record."
  type        = string

  validation {
    condition     = !strcontains(split("/", var.route_pattern)[0], "*")
    error_message = "route_pattern needs one concrete hostname before the first /: it gets a proxied DNS record."
  }
}

variable "script_name" {
  description = "Worker script name."
  type        = string
  default     = "sacred-edge"
}

variable "worker_bundle_path" {
  description = "The built Worker module (TeaVM bundle, ES module syntax): the file wrangler.toml names as main."
  type        = string
}

variable "assets_directory" {
  description = "edge-worker/dashboard: the Worker's static assets (the dashboard, and openapi.json that /v1/openapi.json serves)."
  type        = string
}

variable "compatibility_date" {
  description = "Workers compatibility date; keep it equal to edge-worker/wrangler.toml (check/ compares them)."
  type        = string
  default     = "2025-09-01"
}

variable "origins" {
  description = "Heart origins as [{id, url, region}], bound as the ORIGINS var."
  type = list(object({
    id     = string
    url    = string
    region = string
  }))
}

variable "worker_vars" {
  description = "Plain-text vars of the Worker besides ORIGINS; the defaults equal [vars] in edge-worker/wrangler.toml (check/ compares them)."
  type        = map(string)
  default = {
    FIELD_MEMORY_TTL_MS       = "5000"
    FIELD_KV_CACHE_TTL_S      = "60"
    FIELD_KV_FRESH_S          = "60"
    FIELD_MAX_STALE_S         = "86400"
    ORIGIN_TIMEOUT_MS         = "10000"
    PAUSE_COHERENCE_THRESHOLD = "0.3"
    PAUSE_CLIENT_MS           = "3000"
    PAUSE_LOW_COHERENCE_MS    = "10000"
    PAUSE_NO_ORIGIN_MS        = "5000"
    PAUSE_JITTER              = "0.2"
    PAUSE_MAX_MS              = "60000"
    EJECT_AFTER_FAILURES      = "3"
    EJECT_SECONDS             = "30"
    REGION_AFFINITY           = "3"
    LATENCY_BUDGET_MS         = "250"
    CORS_ALLOWED_ORIGINS      = ""
    CLIENT_BODY_TIMEOUT_MS    = "10000"
    REQUEST_DEADLINE_MS       = "15000"
    RETRY_BUDGET_PERCENT      = "20"
    PAUSE_RATE_LIMITED_MS     = "10000"
    HUB_MAX_SOCKETS           = "20000"
    HUB_MAX_SOCKETS_PER_IP    = "16"
    HUB_MAX_FRAME_BYTES       = "16384"
    HUB_MAX_FRAMES_PER_S      = "20"
    PROBE_INTERVAL_MS         = "10000"
    PROBE_TIMEOUT_MS          = "2000"
  }
}

variable "rate_limits" {
  description = "Rate-limit bindings (docs/contracts.md#rate-limits): name => {namespace_id, limit, period}. The defaults equal [[ratelimits]] in edge-worker/wrangler.toml (check/ compares them)."
  type = map(object({
    namespace_id = string
    limit        = number
    period       = number
  }))
  default = {
    LIMIT_REGISTRATIONS = { namespace_id = "1001", limit = 10, period = 60 }
    LIMIT_MESSAGES      = { namespace_id = "1002", limit = 120, period = 60 }
    LIMIT_PRESENCE      = { namespace_id = "1003", limit = 30, period = 60 }
    LIMIT_READS         = { namespace_id = "1004", limit = 600, period = 60 }
    LIMIT_ARTIFACTS     = { namespace_id = "1005", limit = 10, period = 60 }
  }

  validation {
    condition     = alltrue([for l in values(var.rate_limits) : contains([10, 60], l.period)])
    error_message = "A rate-limit period is 10 or 60 seconds."
  }
}

variable "workers_dev" {
  description = "Also serve the Worker on its workers.dev subdomain (wrangler.toml workers_dev). Off: a workers.dev URL would bypass the zone's protections."
  type        = bool
  default     = false
}

variable "edge_secret_id" {
  description = "Secret Manager secret id holding EDGE_SECRET (gcp-platform output edge_secret_id); copied into the Worker without passing through state."
  type        = string
}

variable "hub_feed_secret_id" {
  description = "Secret Manager secret id holding HUB_FEED_SECRET (gcp-platform output hub_feed_secret_id); copied into the Worker without passing through state."
  type        = string
}

variable "edge_secret_version" {
  description = "secrets_version of gcp-platform: the Worker's EDGE_SECRET and HUB_FEED_SECRET are copied again when it changes."
  type        = number
}

variable "gcp_project_id" {
  description = "Google Cloud project of the Secret Manager secrets holding EDGE_SECRET and HUB_FEED_SECRET."
  type        = string
}

variable "api_token" {
  description = "The Cloudflare API token Terraform uses (Workers Scripts Edit): the post-upload steps (EDGE_SECRET, rate limits) call the Workers API with it. Ephemeral: never stored."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "metrics_dataset" {
  description = "Workers Analytics Engine dataset of the EDGE_METRICS binding (wrangler.toml's [[analytics_engine_datasets]])."
  type        = string
  default     = "sacred_edge"
}

variable "cron_schedules" {
  description = "Cron Triggers of the Worker (wrangler.toml's [triggers] crons): each runs a probe round of the origins."
  type        = list(string)
  default     = ["* * * * *"]
}

variable "artifact_max_bytes" {
  description = "The largest artifact upload in bytes (docs/artifacts.md#types), bound as the Worker var ARTIFACT_MAX_BYTES; give heart (gcp-functions artifact_max_bytes) the same value. The default equals wrangler.toml [vars] (check/ compares them)."
  type        = number
  default     = 5242880

  validation {
    condition     = var.artifact_max_bytes >= 1 && var.artifact_max_bytes <= 104857600 && floor(var.artifact_max_bytes) == var.artifact_max_bytes
    error_message = "artifact_max_bytes is a whole number of bytes from 1 to 104857600 (what the edge accepts)."
  }
}

variable "artifacts_bucket_name" {
  description = "R2 bucket of the sacred artifacts (the ARTIFACTS binding; wrangler.toml [[r2_buckets]] bucket_name, check/ compares them)."
  type        = string
  default     = "sacred-artifacts"
}

variable "artifacts_location" {
  description = "R2 location hint of the artifacts bucket (apac, eeur, enam, weur, wnam, oc); null lets Cloudflare choose."
  type        = string
  default     = null
}
