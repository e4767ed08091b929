output "edge_route" {
  description = "Where clients reach the council."
  value       = module.edge.route_pattern
}

output "heart_urls" {
  description = "Heart origin URLs (reachable, but every request without a valid edge signature gets 401)."
  value       = module.functions.heart_urls
}

output "kv_namespace_id" {
  description = "Workers KV namespace bound as FIELD_KV."
  value       = module.edge.kv_namespace_id
}

output "sql_connection_name" {
  description = "Cloud SQL connection name, e.g. for cloud-sql-proxy when running migrations by hand."
  value       = module.platform.sql_connection_name
}

output "topics" {
  description = "Pub/Sub topics."
  value       = module.platform.topic_names
}

output "dead_letter_subscription" {
  description = "Pull subscription holding parked events (gcloud pubsub subscriptions pull ... --auto-ack)."
  value       = module.platform.dead_letter_subscription
}

output "function_names" {
  description = "Deployed Cloud Functions."
  value       = module.functions.function_names
}

output "service_accounts" {
  description = "Service account per function."
  value       = module.functions.service_accounts
}

output "event_triggers" {
  description = "Eventarc trigger per event function; scripts/delivery-policy.mjs verify checks their subscriptions against delivery-policy.json."
  value       = module.functions.event_triggers
}

output "db_connections" {
  description = "PostgreSQL connections the functions may hold at most (within db_connection_budget)."
  value       = module.functions.db_connections
}

output "edge_hostname" {
  description = "Hostname of the route (proxied DNS record created)."
  value       = module.edge.route_hostname
}
