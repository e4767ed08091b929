# Alert policies and the council's dashboard (docs/observability.md#alerts). The seed's four metrics come from
# the functions through OpenTelemetry (workload.googleapis.com/<name>); terraform/check cross-checks every
# workload metric named here against the names in functions/src/main/java, and the seed's four both ways.
# Backlog and age are Pub/Sub's own metrics, errors Cloud Run's, origin health the uptime checks'.

resource "terraform_data" "services" {
  input = var.service_dependencies
}

locals {
  metric = {
    coherence      = "workload.googleapis.com/sacred_field_coherence"
    love           = "workload.googleapis.com/sacred_love_amplification"
    messages       = "workload.googleapis.com/sacred_messages_total"
    latency        = "workload.googleapis.com/sacred_service_latency"
    undelivered    = "pubsub.googleapis.com/subscription/num_undelivered_messages"
    oldest_unacked = "pubsub.googleapis.com/subscription/oldest_unacked_message_age"
    requests       = "run.googleapis.com/request_count"
    uptime_passed  = "monitoring.googleapis.com/uptime_check/check_passed"
  }

  # Each heart URL (https://host/path) split for its uptime check of <path>/v1/healthz.
  heart_targets = { for id, url in var.heart_urls : id => {
    host = regex("^https://([^/]+)", url)[0]
    path = "${trimsuffix(try(regex("^https://[^/]+(/.*)$", url)[0], ""), "/")}/v1/healthz"
  } }

  documentation = "Runbook: docs/observability.md#alerts (Sacred Council Hub)."
}

# heart's /v1/healthz answers 200 only while its PostgreSQL and Pub/Sub answer (docs/observability.md#origin-health).
resource "google_monitoring_uptime_check_config" "heart" {
  for_each     = local.heart_targets
  project      = var.project_id
  display_name = "heart ${each.key} /v1/healthz"
  timeout      = "10s"
  period       = "60s"

  http_check {
    path           = each.value.path
    port           = 443
    use_ssl        = true
    validate_ssl   = true
    request_method = "GET"
    accepted_response_status_codes {
      status_value = 200
    }
  }

  monitored_resource {
    type = "uptime_url"
    labels = {
      project_id = var.project_id
      host       = each.value.host
    }
  }

  depends_on = [terraform_data.services]
}

resource "google_monitoring_alert_policy" "origin_down" {
  project               = var.project_id
  display_name          = "Sacred Council: an origin (heart) is down"
  combiner              = "OR"
  notification_channels = var.notification_channels

  dynamic "conditions" {
    for_each = google_monitoring_uptime_check_config.heart
    content {
      display_name = "heart ${conditions.key} fails /v1/healthz"
      condition_threshold {
        filter          = "metric.type=\"${local.metric.uptime_passed}\" AND resource.type=\"uptime_url\" AND metric.label.check_id=\"${conditions.value.uptime_check_id}\""
        comparison      = "COMPARISON_GT"
        threshold_value = 1
        duration        = "120s"
        aggregations {
          alignment_period     = "300s"
          per_series_aligner   = "ALIGN_NEXT_OLDER"
          cross_series_reducer = "REDUCE_COUNT_FALSE"
          group_by_fields      = ["resource.label.host"]
        }
        trigger {
          count = 1
        }
      }
    }
  }

  documentation {
    content   = "Two or more checker regions saw heart's /v1/healthz fail (its error names PostgreSQL or Pub/Sub). The edge already routes around it. ${local.documentation}"
    mime_type = "text/markdown"
  }
}

# The four threshold policies: one condition each on one metric, so one block over this map. An entry's
# denominator_filter (a ratio), cross_series_reducer and group_by_fields are optional.
locals {
  threshold_alerts = {
    dead_letters = {
      display_name = "Sacred Council: events in the dead-letter backlog"
      condition    = "${var.dead_letter_subscription} holds messages"
      filter       = "metric.type=\"${local.metric.undelivered}\" AND resource.type=\"pubsub_subscription\" AND resource.label.subscription_id=\"${var.dead_letter_subscription}\""
      comparison   = "COMPARISON_GT"
      threshold    = 0
      duration     = "0s"
      aligner      = "ALIGN_MAX"
      runbook      = "An event was parked on sacred-events-dead. Inspect it, fix the cause, redrive it."
    }
    oldest_unacked = {
      display_name = "Sacred Council: events wait too long (oldest unacked message)"
      condition    = "oldest unacked message older than ${var.oldest_unacked_age_seconds} s"
      # every subscription but the dead-letter inspection one (its messages are kept 7 days on purpose)
      filter     = "metric.type=\"${local.metric.oldest_unacked}\" AND resource.type=\"pubsub_subscription\" AND resource.label.subscription_id!=\"${var.dead_letter_subscription}\""
      comparison = "COMPARISON_GT"
      threshold  = var.oldest_unacked_age_seconds
      duration   = "300s"
      aligner    = "ALIGN_MAX"
      runbook    = "A consumer (memory, wisdom, coherence) is behind or failing: Pub/Sub keeps redelivering."
    }
    error_rate = {
      display_name         = "Sacred Council: functions answer 5xx"
      condition            = "5xx share of a function above ${var.error_rate_threshold}"
      filter               = "metric.type=\"${local.metric.requests}\" AND resource.type=\"cloud_run_revision\" AND metric.label.response_code_class=\"5xx\""
      denominator_filter   = "metric.type=\"${local.metric.requests}\" AND resource.type=\"cloud_run_revision\""
      comparison           = "COMPARISON_GT"
      threshold            = var.error_rate_threshold
      duration             = "300s"
      aligner              = "ALIGN_RATE"
      cross_series_reducer = "REDUCE_SUM"
      group_by_fields      = ["resource.label.service_name"]
      runbook              = "heart's 5xx are its own dependencies failing (X-Origin-Fault); a consumer's 5xx are redeliveries."
    }
    low_coherence = {
      display_name         = "Sacred Council: coherence under the pause threshold"
      condition            = "global coherence under ${var.pause_coherence_threshold}"
      filter               = "metric.type=\"${local.metric.coherence}\" AND metric.label.region=\"global\""
      comparison           = "COMPARISON_LT"
      threshold            = var.pause_coherence_threshold
      duration             = "300s"
      aligner              = "ALIGN_MEAN"
      cross_series_reducer = "REDUCE_MEAN"
      runbook              = "The edge pauses writes (503 low_coherence) except the ones that heal: blessings, gratitude, offerings, registration, presence."
    }
  }
}

resource "google_monitoring_alert_policy" "threshold" {
  for_each              = local.threshold_alerts
  project               = var.project_id
  display_name          = each.value.display_name
  combiner              = "OR"
  notification_channels = var.notification_channels

  conditions {
    display_name = each.value.condition
    condition_threshold {
      filter             = each.value.filter
      denominator_filter = try(each.value.denominator_filter, null)
      comparison         = each.value.comparison
      threshold_value    = each.value.threshold
      duration           = each.value.duration
      aggregations {
        alignment_period     = "60s"
        per_series_aligner   = each.value.aligner
        cross_series_reducer = try(each.value.cross_series_reducer, null)
        group_by_fields      = try(each.value.group_by_fields, null)
      }
      # a ratio aggregates its denominator as its numerator
      dynamic "denominator_aggregations" {
        for_each = try(each.value.denominator_filter, null) == null ? [] : [1]
        content {
          alignment_period     = "60s"
          per_series_aligner   = each.value.aligner
          cross_series_reducer = try(each.value.cross_series_reducer, null)
          group_by_fields      = try(each.value.group_by_fields, null)
        }
      }
      trigger {
        count = 1
      }
    }
  }

  documentation {
    content   = "${each.value.runbook} ${local.documentation}"
    mime_type = "text/markdown"
  }

  depends_on = [terraform_data.services]
}

# The policies were one resource each before they became one block: their state moves, nothing is recreated.
moved {
  from = google_monitoring_alert_policy.dead_letters
  to   = google_monitoring_alert_policy.threshold["dead_letters"]
}
moved {
  from = google_monitoring_alert_policy.oldest_unacked
  to   = google_monitoring_alert_policy.threshold["oldest_unacked"]
}
moved {
  from = google_monitoring_alert_policy.error_rate
  to   = google_monitoring_alert_policy.threshold["error_rate"]
}
moved {
  from = google_monitoring_alert_policy.low_coherence
  to   = google_monitoring_alert_policy.threshold["low_coherence"]
}

# The council on one page: the seed's four metrics, then the pipeline (docs/observability.md#alerts).
resource "google_monitoring_dashboard" "council" {
  project = var.project_id
  dashboard_json = jsonencode({
    displayName = "Sacred Council"
    mosaicLayout = {
      columns = 12
      tiles = [
        { xPos = 0, yPos = 0, width = 6, height = 4, widget = {
          title = "Field coherence by region (sacred_field_coherence)"
          xyChart = {
            dataSets = [{ plotType = "LINE", timeSeriesQuery = { timeSeriesFilter = {
              filter      = "metric.type=\"${local.metric.coherence}\""
              aggregation = { alignmentPeriod = "60s", perSeriesAligner = "ALIGN_MEAN", crossSeriesReducer = "REDUCE_MEAN", groupByFields = ["metric.label.region"] }
            } } }]
            thresholds = [{ value = var.pause_coherence_threshold, label = "pause threshold" }]
          }
        } },
        { xPos = 6, yPos = 0, width = 6, height = 4, widget = {
          title = "Love amplification (sacred_love_amplification)"
          xyChart = {
            dataSets = [{ plotType = "LINE", timeSeriesQuery = { timeSeriesFilter = {
              filter      = "metric.type=\"${local.metric.love}\""
              aggregation = { alignmentPeriod = "60s", perSeriesAligner = "ALIGN_MEAN", crossSeriesReducer = "REDUCE_MEAN" }
            } } }]
          }
        } },
        { xPos = 0, yPos = 4, width = 6, height = 4, widget = {
          title = "Messages per second by type and region (sacred_messages_total)"
          xyChart = {
            dataSets = [{ plotType = "STACKED_AREA", timeSeriesQuery = { timeSeriesFilter = {
              filter      = "metric.type=\"${local.metric.messages}\""
              aggregation = { alignmentPeriod = "60s", perSeriesAligner = "ALIGN_RATE", crossSeriesReducer = "REDUCE_SUM", groupByFields = ["metric.label.type", "metric.label.region"] }
            } } }]
          }
        } },
        { xPos = 6, yPos = 4, width = 6, height = 4, widget = {
          title = "Service latency p99 by service and method (sacred_service_latency, s)"
          xyChart = {
            dataSets = [{ plotType = "LINE", timeSeriesQuery = { timeSeriesFilter = {
              filter      = "metric.type=\"${local.metric.latency}\""
              aggregation = { alignmentPeriod = "60s", perSeriesAligner = "ALIGN_DELTA", crossSeriesReducer = "REDUCE_PERCENTILE_99", groupByFields = ["metric.label.service", "metric.label.method"] }
            } } }]
          }
        } },
        { xPos = 0, yPos = 8, width = 6, height = 4, widget = {
          title = "Undelivered messages by subscription (dead letters included)"
          xyChart = {
            dataSets = [{ plotType = "LINE", timeSeriesQuery = { timeSeriesFilter = {
              filter      = "metric.type=\"${local.metric.undelivered}\" AND resource.type=\"pubsub_subscription\""
              aggregation = { alignmentPeriod = "60s", perSeriesAligner = "ALIGN_MAX", crossSeriesReducer = "REDUCE_MAX", groupByFields = ["resource.label.subscription_id"] }
            } } }]
          }
        } },
        { xPos = 6, yPos = 8, width = 6, height = 4, widget = {
          title = "Oldest unacked message age by subscription (pipeline lag, s)"
          xyChart = {
            dataSets = [{ plotType = "LINE", timeSeriesQuery = { timeSeriesFilter = {
              filter      = "metric.type=\"${local.metric.oldest_unacked}\" AND resource.type=\"pubsub_subscription\""
              aggregation = { alignmentPeriod = "60s", perSeriesAligner = "ALIGN_MAX", crossSeriesReducer = "REDUCE_MAX", groupByFields = ["resource.label.subscription_id"] }
            } } }]
          }
        } },
      ]
    }
  })

  depends_on = [terraform_data.services]
}
