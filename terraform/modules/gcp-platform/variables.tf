variable "project_id" {
  description = "Google Cloud project that holds the council."
  type        = string
}

variable "region" {
  description = "Primary region: Cloud SQL, Cloud Scheduler and the event functions live here."
  type        = string
}

variable "firestore_location" {
  description = "Firestore location (a region such as europe-west1, or a multi-region such as eur3). Cannot change after creation."
  type        = string
}

variable "firestore_rules_path" {
  description = "Path to firestore-rules/firestore.rules (owned by the firestore-rules module of this repository)."
  type        = string
}

variable "firestore_indexes_path" {
  description = "Path to firestore-rules/firestore.indexes.json (Firebase CLI format: indexes[].collectionGroup, queryScope, fields[])."
  type        = string
}

variable "sql_instance_name" {
  description = "Cloud SQL instance name. A deleted name cannot be reused for about a week."
  type        = string
  default     = "sacred-council"
}

variable "sql_tier" {
  description = "Cloud SQL machine tier. db-f1-micro is shared-core (Enterprise edition only): fine for a demo, not for load."
  type        = string
  default     = "db-f1-micro"
}

variable "sql_availability_type" {
  description = "REGIONAL (a standby in a second zone, automatic failover; doubles the instance cost) or ZONAL (one zone: a zone outage stops the council; the cheap single-region example only)."
  type        = string
  default     = "REGIONAL"

  validation {
    condition     = contains(["ZONAL", "REGIONAL"], var.sql_availability_type)
    error_message = "sql_availability_type must be ZONAL or REGIONAL."
  }
}

variable "sql_disk_size_gb" {
  description = "Initial Cloud SQL disk size in GB (grows automatically)."
  type        = number
  default     = 10
}

variable "db_name" {
  description = "PostgreSQL database of the message log."
  type        = string
  default     = "sacred"
}

variable "db_user" {
  description = "PostgreSQL user of the functions (built-in user; its password lives in Secret Manager)."
  type        = string
  default     = "sacred"
}

variable "wisdom_model_api_key" {
  description = "API key of the wisdom model endpoint; written to Secret Manager (WISDOM_MODEL_API_KEY) through a write-only argument, never stored in state. Null: a placeholder is stored."
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true
}

variable "cf_api_token" {
  description = "Cloudflare API token that coherence uses to write field-state into Workers KV (permission: Workers KV Storage Edit); written to Secret Manager through a write-only argument, never stored in state."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "secrets_version" {
  description = "Version of the write-only secrets (database password, EDGE_SECRET, HUB_FEED_SECRET, the two API keys): Terraform sends new values only when this number changes. Bump it to rotate (see README, Secrets)."
  type        = number
  default     = 1
}

variable "delivery_policy_path" {
  description = "Path to terraform/delivery-policy.json (docs/contracts.md#delivery-policy); the dead-letter retention comes from it."
  type        = string
}

variable "coherence_tick_schedule" {
  description = "Cron schedule of the coherence tick."
  type        = string
  default     = "* * * * *"
}

variable "deletion_protection" {
  description = "Protects Cloud SQL and Firestore from terraform destroy. Set false (and apply) before destroying."
  type        = bool
  default     = true
}

variable "labels" {
  description = "Labels put on every resource that takes them."
  type        = map(string)
  default     = {}
}
