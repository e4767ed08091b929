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
  description = "Token for Terraform: Workers Scripts Edit, Workers KV Storage Edit, Workers Routes Edit (zone)."
  type        = string
  sensitive   = true
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
  description = "Narrow token for coherence at run time: Workers KV Storage Edit only."
  type        = string
  sensitive   = true
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
  description = "Wisdom model API key."
  type        = string
  default     = ""
  sensitive   = true
}

variable "deletion_protection" {
  description = "Protect Cloud SQL and Firestore from destroy."
  type        = bool
  default     = true
}
