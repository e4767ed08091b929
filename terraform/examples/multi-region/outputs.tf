output "edge_route" {
  description = "Where clients reach the council."
  value       = module.edge.route_pattern
}

output "heart_urls" {
  description = "Heart origin URLs (behind the edge; they refuse requests without the edge signature)."
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

output "dead_letter_backstop_commands" {
  description = "Optional post-apply commands: dead-letter policy on the Eventarc-created subscriptions."
  value       = module.functions.dead_letter_backstop_commands
}
