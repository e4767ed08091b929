output "project_number" {
  description = "Project number (service agent e-mails are built from it)."
  value       = data.google_project.this.number
}

output "topic_names" {
  description = "Pub/Sub topic short names by role: sacred_events, coherence_ticks, dead_letter."
  value       = { for k, t in google_pubsub_topic.topic : k => t.name }
}

output "topic_ids" {
  description = "Pub/Sub topic ids (projects/P/topics/T) by role."
  value       = { for k, t in google_pubsub_topic.topic : k => t.id }
}

output "dead_letter_subscription" {
  description = "Pull subscription that keeps parked events for 7 days."
  value       = google_pubsub_subscription.dead_letter_inspect.name
}

output "secret_ids" {
  description = "Secret Manager secret ids by role: db_password, edge_secret, hub_feed_secret, wisdom_model_api_key, cf_api_token."
  value       = { for k, s in google_secret_manager_secret.secret : k => s.secret_id }
  # Functions mount version "latest": it must exist before they deploy.
  depends_on = [google_secret_manager_secret_version.value]
}

output "edge_secret_id" {
  description = "Secret Manager secret holding EDGE_SECRET (the value never passes through Terraform state; the edge module copies it into the Worker)."
  value       = google_secret_manager_secret.secret["edge_secret"].secret_id
  depends_on  = [google_secret_manager_secret_version.value]
}

output "hub_feed_secret_id" {
  description = "Secret Manager secret holding HUB_FEED_SECRET (docs/live-field.md#feed): the functions read it as env, the edge module copies it into the Worker without passing through state."
  value       = google_secret_manager_secret.secret["hub_feed_secret"].secret_id
  depends_on  = [google_secret_manager_secret_version.value]
}

output "sql_availability_type" {
  description = "ZONAL or REGIONAL, as deployed."
  value       = google_sql_database_instance.sacred.settings[0].availability_type
}

output "sql_connection_name" {
  description = "Cloud SQL instance connection name (project:region:instance) for the socket factory."
  value       = google_sql_database_instance.sacred.connection_name
}

output "db_name" {
  description = "PostgreSQL database name."
  value       = google_sql_database.sacred.name
}

output "db_user" {
  description = "PostgreSQL user name."
  value       = google_sql_user.functions.name
}

output "firestore_database" {
  description = "Firestore database name."
  value       = google_firestore_database.default.name
}

output "firestore_index_count" {
  description = "Composite indexes deployed from firestore.indexes.json."
  value       = length(google_firestore_index.index)
}

output "firestore_field_override_count" {
  description = "Single-field index overrides deployed from firestore.indexes.json."
  value       = length(google_firestore_field.override)
}

output "apis" {
  description = "Enabled service APIs; other modules depend on this output to wait for them (and for the Pub/Sub service agent)."
  value       = [for s in google_project_service.api : s.service]
  depends_on  = [terraform_data.pubsub_service_agent]
}
