variable "project_id" {
  description = "Google Cloud project the council runs in."
  type        = string
}

variable "service_dependencies" {
  description = "Anything the monitoring resources must wait for (the enabled APIs, monitoring.googleapis.com among them)."
  type        = list(string)
  default     = []
}

variable "heart_urls" {
  description = "HTTPS URL of heart per origin id (module.functions.heart_urls): one uptime check of /v1/healthz each."
  type        = map(string)
}

variable "dead_letter_subscription" {
  description = "The dead-letter inspection subscription (module.platform.dead_letter_subscription): any message in it alerts."
  type        = string
}

variable "notification_channels" {
  description = "Notification channel ids (projects/P/notificationChannels/N) every alert policy notifies; empty: incidents only."
  type        = list(string)
  default     = []
}

variable "pause_coherence_threshold" {
  description = "The edge's PAUSE_COHERENCE_THRESHOLD: global coherence under it for 5 minutes alerts (writes are paused)."
  type        = number
  default     = 0.3
}

variable "error_rate_threshold" {
  description = "Share of 5xx answers of a function (Cloud Run request_count) over 5 minutes that alerts."
  type        = number
  default     = 0.05
}

variable "oldest_unacked_age_seconds" {
  description = "Age in seconds of the oldest unacknowledged message of a function subscription that alerts (pipeline lag)."
  type        = number
  default     = 600
}
