variable "project_id" {
  description = "Google Cloud project (billing enabled)."
  type        = string
}

variable "region" {
  description = "Primary region: Cloud SQL, scheduler, memory, wisdom, coherence."
  type        = string
  default     = "europe-west1"
}

variable "cloudflare_api_token" {
  description = "Token for Terraform: account Workers Scripts Edit + Workers KV Storage Edit, zone Workers Routes Edit + DNS Edit (README, Prerequisites)."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "cloudflare_account_id" {
  description = "Cloudflare account id."
  type        = string
}

variable "cloudflare_zone_id" {
  description = "Cloudflare zone id of the route."
  type        = string
}

variable "route_pattern" {
  description = "Route of the edge, e.g. council.example.org/*."
  type        = string
}

variable "cf_kv_api_token" {
  description = "Narrow token for coherence at run time: Workers KV Storage Edit only. Written to Secret Manager write-only."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "wisdom_model_url" {
  description = "Wisdom model endpoint (empty: built-in glyph matching only)."
  type        = string
  default     = ""
}

variable "wisdom_model_name" {
  description = "Wisdom model name."
  type        = string
  default     = ""
}

variable "wisdom_model_api_key" {
  description = "Wisdom model API key (null: a placeholder is stored). Written to Secret Manager write-only."
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true
}

variable "secrets_version" {
  description = "Bump to rotate the database password, EDGE_SECRET and the two API keys (write-only secrets are sent only when this changes)."
  type        = number
  default     = 1
}

variable "deletion_protection" {
  description = "Protect Cloud SQL and Firestore from destroy."
  type        = bool
  default     = true
}

variable "heart_regions" {
  description = "Heart origins: id => region. The edge routes between them by coherence and health."
  type        = map(string)
  default = {
    eu   = "europe-west1"
    us   = "us-central1"
    asia = "asia-northeast1"
  }
}

variable "firestore_location" {
  description = "Firestore multi-region on the writer region's continent (eur3 for europe-*, nam5 for us-*): survives a region outage and sits next to Cloud SQL and the event functions. Cannot change after creation."
  type        = string
  default     = "eur3"

  validation {
    condition     = lookup({ eur3 = "europe", nam5 = "us" }, var.firestore_location, "") == split("-", var.region)[0]
    error_message = "firestore_location must be the multi-region of the primary region's continent: eur3 for europe-*, nam5 for us-*."
  }
}

variable "sql_tier" {
  description = "Cloud SQL tier of the writer. db-custom-1-3840 (1 vCPU, 3.75 GB) allows 100 connections: the budget below is 95."
  type        = string
  default     = "db-custom-1-3840"
}

variable "db_connection_budget" {
  description = "Connections the functions may hold together: the tier's max_connections (100) minus 5."
  type        = number
  default     = 95
}

variable "function_settings" {
  description = "Per-function settings (see modules/gcp-functions): 3 regions x 5 hearts x 4 + memory 3 x 4 + wisdom 2 x 4 + coherence 1 x 2 = 82 <= 95 connections."
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
    heart     = { memory = "512Mi", cpu = "1", min_instances = 1, max_instances = 5, concurrency = 4, timeout = 30, db_pool = 4 }
    memory    = { memory = "512Mi", cpu = "1", min_instances = 0, max_instances = 3, concurrency = 4, timeout = 60, db_pool = 4 }
    wisdom    = { memory = "512Mi", cpu = "1", min_instances = 0, max_instances = 2, concurrency = 4, timeout = 60, db_pool = 4 }
    coherence = { memory = "512Mi", cpu = "1", min_instances = 0, max_instances = 1, concurrency = 1, timeout = 120, db_pool = 2 }
  }
}

variable "notification_channels" {
  description = "Cloud Monitoring notification channel ids the alert policies notify (projects/P/notificationChannels/N); empty: incidents only."
  type        = list(string)
  default     = []
}

variable "artifact_max_bytes" {
  description = "The largest sacred artifact in bytes (docs/artifacts.md#config): the edge's ARTIFACT_MAX_BYTES and heart's, from this one value."
  type        = number
  default     = 5242880
}
