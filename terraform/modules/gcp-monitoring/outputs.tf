output "alert_policies" {
  description = "Alert policy names by role: dead_letters, error_rate, oldest_unacked, low_coherence, origin_down."
  value = {
    dead_letters   = google_monitoring_alert_policy.dead_letters.name
    error_rate     = google_monitoring_alert_policy.error_rate.name
    oldest_unacked = google_monitoring_alert_policy.oldest_unacked.name
    low_coherence  = google_monitoring_alert_policy.low_coherence.name
    origin_down    = google_monitoring_alert_policy.origin_down.name
  }
}

output "uptime_checks" {
  description = "Uptime check id per heart origin id (GET /v1/healthz)."
  value       = { for id, c in google_monitoring_uptime_check_config.heart : id => c.uptime_check_id }
}

output "dashboard_id" {
  description = "The council's Cloud Monitoring dashboard."
  value       = google_monitoring_dashboard.council.id
}
