variable "account_id" {
  description = "Cloudflare account id."
  type        = string
}

variable "zone_id" {
  description = "Cloudflare zone that serves the route."
  type        = string
}

variable "route_pattern" {
  description = "Route of the Worker, e.g. council.example.org/*."
  type        = string
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
  }
}

variable "workers_dev" {
  description = "Also serve the Worker on its workers.dev subdomain (wrangler.toml workers_dev)."
  type        = bool
  default     = true
}

variable "edge_secret" {
  description = "HMAC key shared with heart (EDGE_SECRET)."
  type        = string
  sensitive   = true
}
