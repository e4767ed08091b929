variable "project_id" {
  description = "Google Cloud project."
  type        = string
}

variable "region" {
  description = "Primary region: memory, wisdom and coherence run here, next to Cloud SQL."
  type        = string
}

variable "heart_regions" {
  description = "Where heart runs: origin id => region. Each becomes one origin of the edge (FIELD_ORIGINS / ORIGINS)."
  type        = map(string)

  validation {
    condition     = length(var.heart_regions) > 0
    error_message = "heart_regions needs at least one origin."
  }
}

variable "functions_zip" {
  description = "Zip holding the shaded functions jar (terraform/scripts/package-functions.sh builds it from `mvn -pl functions -am package`)."
  type        = string
}

variable "runtime" {
  description = "Cloud Functions Java runtime."
  type        = string
  default     = "java17"

  validation {
    condition     = contains(["java17", "java21"], var.runtime)
    error_message = "runtime must be java17 or java21."
  }
}

variable "function_settings" {
  description = "Per function: memory, cpu, instance bounds, concurrency, timeout and db_pool (DB_POOL_SIZE). The connection budget (README): concurrency <= db_pool on every function, and the sum of max_instances x db_pool (hearts once per region) <= db_connection_budget; plan and terraform/check refuse anything else. The defaults fit the single-region budget (20 on db-f1-micro)."
  type = map(object({
    memory        = string
    cpu           = string
    min_instances = number
    max_instances = number
    concurrency   = number
    timeout       = number
    db_pool       = number
  }))
  default = {
    heart     = { memory = "512Mi", cpu = "1", min_instances = 0, max_instances = 3, concurrency = 4, timeout = 30, db_pool = 4 }
    memory    = { memory = "512Mi", cpu = "1", min_instances = 0, max_instances = 2, concurrency = 2, timeout = 60, db_pool = 2 }
    wisdom    = { memory = "512Mi", cpu = "1", min_instances = 0, max_instances = 1, concurrency = 2, timeout = 60, db_pool = 2 }
    coherence = { memory = "512Mi", cpu = "1", min_instances = 0, max_instances = 1, concurrency = 1, timeout = 120, db_pool = 2 }
  }
  validation {
    # a tick holds one connection (its claim) while it reads the window through another: with one, it waits forever
    condition     = var.function_settings["coherence"].db_pool >= 2
    error_message = "function_settings.coherence.db_pool must be at least 2: a coherence tick holds one connection while it reads the log through another."
  }
}

variable "db_connection_budget" {
  description = "PostgreSQL connections all function instances together may hold: the tier's max_connections minus 5 kept for Cloud SQL's own and operators' sessions (db-f1-micro 25 -> 20, db-g1-small 50 -> 45, 3.75 GB tiers 100 -> 95)."
  type        = number
}

variable "delivery_policy_path" {
  description = "Path to terraform/delivery-policy.json (docs/contracts.md#delivery-policy): ack deadline, backoff, dead-letter attempts and retention of the function subscriptions."
  type        = string
}

variable "topic_names" {
  description = "Pub/Sub topic short names by role (sacred_events, coherence_ticks, dead_letter), from gcp-platform."
  type        = map(string)
}

variable "secret_ids" {
  description = "Secret Manager secret ids by role (db_password, edge_secret, wisdom_model_api_key, cf_api_token), from gcp-platform."
  type        = map(string)
}

variable "sql_connection_name" {
  description = "Cloud SQL instance connection name (project:region:instance)."
  type        = string
}

variable "db_name" {
  description = "PostgreSQL database."
  type        = string
}

variable "db_user" {
  description = "PostgreSQL user."
  type        = string
}

variable "wisdom_model_url" {
  description = "HTTP endpoint of the wisdom model (empty: wisdom uses its built-in glyph matching only)."
  type        = string
  default     = ""
}

variable "wisdom_model_name" {
  description = "Model name sent to the wisdom endpoint."
  type        = string
  default     = ""
}

variable "cf_account_id" {
  description = "Cloudflare account id (coherence writes field-state into Workers KV through the API)."
  type        = string
}

variable "cf_kv_namespace_id" {
  description = "Workers KV namespace id bound as FIELD_KV."
  type        = string
}

variable "heart_public" {
  description = "Grant allUsers run.invoker on heart. Needed while the Worker presents no Google ID token (README, Only through the edge); heart then refuses every request without a valid edge signature. false: only principals you grant can call heart (e.g. behind your own proxy)."
  type        = bool
  default     = true
}

variable "service_dependencies" {
  description = "Anything the functions must wait for (the enabled APIs)."
  type        = list(string)
  default     = []
}

variable "labels" {
  description = "Labels put on every resource that takes them."
  type        = map(string)
  default     = {}
}

variable "api_key_cache_seconds" {
  description = "How long a heart instance trusts a cached API-key lookup: a rotated key keeps working on other instances for at most this long (functions/README.md, keys)."
  type        = number
  default     = 10
  validation {
    condition     = var.api_key_cache_seconds >= 1 && var.api_key_cache_seconds <= 300
    error_message = "api_key_cache_seconds must be 1-300."
  }
}

variable "hub_feed_url" {
  description = "The Worker's field-hub feed, https://<route host>/internal/hub/feed (docs/live-field.md#feed), set as HUB_FEED_URL on memory, wisdom and coherence; empty: no feed (the functions behave as before the hub)."
  type        = string
  default     = ""
  validation {
    condition     = var.hub_feed_url == "" || can(regex("^https://[^/]+/internal/hub/feed$", var.hub_feed_url))
    error_message = "hub_feed_url must be empty or https://<host>/internal/hub/feed."
  }
}

variable "hub_feed_timeout_ms" {
  description = "HUB_FEED_TIMEOUT_MS: how long memory, wisdom and coherence wait for the feed before logging and going on (docs/live-field.md#feed; the next snapshot corrects the hub)."
  type        = number
  default     = 1000
  validation {
    condition     = var.hub_feed_timeout_ms >= 100 && var.hub_feed_timeout_ms <= 10000
    error_message = "hub_feed_timeout_ms must be 100-10000."
  }
}

variable "artifact_max_bytes" {
  description = "The largest artifact in bytes heart records (docs/artifacts.md#config); the same value as the edge's (cloudflare-edge artifact_max_bytes)."
  type        = number
  default     = 5242880
}

variable "artifact_quota_count" {
  description = "Live artifacts per agent before heart answers 429 quota_exceeded (docs/artifacts.md#upload)."
  type        = number
  default     = 100
}

variable "artifact_quota_bytes" {
  description = "Bytes of live artifacts per agent before heart answers 429 quota_exceeded (docs/artifacts.md#upload)."
  type        = number
  default     = 52428800
}

variable "graphql_settings" {
  description = "heart's GraphQL limits (docs/graphql.md#limits, #persisted): depth, complexity, persisted documents kept, and the max-age of a public persisted query."
  type = object({
    max_depth      = number
    max_complexity = number
    persisted_max  = number
    cache_seconds  = number
  })
  default = { max_depth = 8, max_complexity = 500, persisted_max = 10000, cache_seconds = 5 }
  validation {
    condition     = var.graphql_settings.max_depth >= 1 && var.graphql_settings.max_complexity >= 1 && var.graphql_settings.persisted_max >= 1 && var.graphql_settings.cache_seconds >= 0 && var.graphql_settings.cache_seconds <= 60
    error_message = "graphql_settings: depth, complexity and persisted_max at least 1; cache_seconds 0-60 (the edge caches at most 60 s)."
  }
}

variable "pause_coherence_threshold" {
  description = "heart's PAUSE_COHERENCE_THRESHOLD for GraphQL mutations: keep it equal to the Worker's (cloudflare-edge worker_vars, default 0.3)."
  type        = number
  default     = 0.3
  validation {
    condition     = var.pause_coherence_threshold >= 0 && var.pause_coherence_threshold <= 1
    error_message = "pause_coherence_threshold must be in [0, 1]."
  }
}
