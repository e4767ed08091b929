variable "project_id" {
  description = "Google Cloud project (billing enabled)."
  type        = string
}

variable "region" {
  description = "Region of everything on Google Cloud."
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

variable "sql_availability_type" {
  description = "ZONAL keeps the demo cheap (one zone: a zone outage stops the council until Cloud SQL restarts it); REGIONAL adds a standby in a second zone at twice the instance cost."
  type        = string
  default     = "ZONAL"
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
