output "heart_urls" {
  description = "HTTPS URL of heart per origin id."
  value       = { for id, f in google_cloudfunctions2_function.heart : id => f.url }
}

output "origins" {
  description = "The origins list [{id, url, region}] (FIELD_ORIGINS of coherence, ORIGINS of the Worker)."
  value       = local.origins
}

output "function_names" {
  description = "Deployed function names."
  value = concat(
    [for f in google_cloudfunctions2_function.heart : f.name],
    [for f in google_cloudfunctions2_function.consumer : f.name],
  )
}

output "service_accounts" {
  description = "Service account e-mail per function."
  value       = { for k, sa in google_service_account.fn : k => sa.email }
}

output "event_triggers" {
  description = "Eventarc trigger per event function ({trigger, region}): scripts/delivery-policy.mjs verify reads their subscriptions."
  value = { for k, f in google_cloudfunctions2_function.consumer : k => {
    trigger = f.event_trigger[0].trigger
    region  = var.region
  } }
}

output "db_connections" {
  description = "PostgreSQL connections the functions may open at most (sum of max_instances x db_pool, hearts once per region)."
  value       = local.db_connections
}
