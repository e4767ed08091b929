output "alert_policies" {
  description = "Alert policy names by role: dead_letters, error_rate, oldest_unacked, low_coherence, origin_down."
  value = merge(
    { for role, policy in google_monitoring_alert_policy.threshold : role => policy.name },
    { origin_down = google_monitoring_alert_policy.origin_down.name },
  )
}

output "uptime_checks" {
  description = "Uptime check id per heart origin id (GET /v1/healthz)."
  value       = { for id, c in google_monitoring_uptime_check_config.heart : id => c.uptime_check_id }
}

output "dashboard_id" {
  description = "The council's Cloud Monitoring dashboard."
  value       = google_monitoring_dashboard.council.id
}
