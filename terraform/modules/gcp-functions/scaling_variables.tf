# The scaling step's settings (docs/scaling.md). In their own file: the step is an addition to this module.

variable "scaling_enabled" {
  description = "Deploy the scaling step (function sacred-scaling on coherence-ticks) that sets the functions' service-level min/max instances."
  type        = bool
  default     = true
}

variable "scaling_dry_run" {
  description = "SCALING_DRY_RUN: true = the step only logs its decisions. Start true, read the decisions in Cloud Logging for a day, then set false."
  type        = bool
  default     = true
}

variable "scaling_quiet_hours" {
  description = "SCALING_QUIET_HOURS: local time (HH:MM-HH:MM, may wrap midnight) when counts are halved."
  type        = string
  default     = "22:00-06:00"

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", var.scaling_quiet_hours))
    error_message = "scaling_quiet_hours must be HH:MM-HH:MM."
  }
}

variable "scaling_peak_hours" {
  description = "SCALING_PEAK_HOURS: local time (HH:MM-HH:MM) when counts are doubled; wins over quiet hours where both match."
  type        = string
  default     = "17:00-21:00"

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", var.scaling_peak_hours))
    error_message = "scaling_peak_hours must be HH:MM-HH:MM."
  }
}

variable "scaling_rate_window_minutes" {
  description = "SCALING_RATE_WINDOW_MINUTES: the message rate is averaged over this many minutes of the log."
  type        = number
  default     = 5

  validation {
    condition     = var.scaling_rate_window_minutes >= 1 && var.scaling_rate_window_minutes <= 60
    error_message = "scaling_rate_window_minutes must be within [1, 60]."
  }
}

variable "scaling_utc_offsets" {
  description = "Local clock per region as a fixed offset to UTC in minutes (no DST: docs/scaling.md#clock). A region not listed uses 0 (UTC)."
  type        = map(number)
  default = {
    "europe-west1"    = 60
    "europe-west4"    = 60
    "us-central1"     = -360
    "us-east1"        = -300
    "asia-northeast1" = 540
  }

  validation {
    condition     = alltrue([for r, o in var.scaling_utc_offsets : o >= -720 && o <= 840 && floor(o) == o])
    error_message = "scaling_utc_offsets: whole minutes within [-720, 840]."
  }
}

variable "scaling_bounds" {
  description = "Per scaled function: the baseline counts of an ordinary hour, the highest min the step may set (min_high), and the messages per minute one instance carries. The max count never exceeds function_settings[fn].max_instances (the connection budget is computed from it) and the min never goes under 0."
  type = map(object({
    baseline_min                 = number
    baseline_max                 = number
    min_high                     = number
    messages_per_instance_minute = number
  }))
  default = {
    heart  = { baseline_min = 1, baseline_max = 2, min_high = 2, messages_per_instance_minute = 600 }
    memory = { baseline_min = 0, baseline_max = 1, min_high = 1, messages_per_instance_minute = 1200 }
    wisdom = { baseline_min = 0, baseline_max = 1, min_high = 1, messages_per_instance_minute = 600 }
  }

  validation {
    condition     = alltrue([for fn, b in var.scaling_bounds : contains(["heart", "memory", "wisdom", "coherence"], fn)])
    error_message = "scaling_bounds: only heart, memory, wisdom and coherence can be scaled."
  }
  validation {
    condition = alltrue([for fn, b in var.scaling_bounds :
      b.baseline_min >= 0 && b.baseline_max >= 1 && b.baseline_min <= b.baseline_max && b.min_high >= 0 && b.messages_per_instance_minute > 0
    ])
    error_message = "scaling_bounds: need 0 <= baseline_min <= baseline_max, baseline_max >= 1, min_high >= 0, messages_per_instance_minute > 0."
  }
}
