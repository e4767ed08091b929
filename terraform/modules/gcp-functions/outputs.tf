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

output "dead_letter_backstop_commands" {
  description = "Optional: put a dead-letter policy (5 attempts) on the subscriptions Eventarc created, which Terraform cannot manage."
  value = [for k, f in google_cloudfunctions2_function.consumer : join(" ", [
    "SUB=$(gcloud eventarc triggers describe ${f.event_trigger[0].trigger} --location=${var.region} --project=${var.project_id} --format='value(transport.pubsub.subscription)') &&",
    "gcloud pubsub subscriptions update \"$SUB\" --dead-letter-topic=${var.topic_names["dead_letter"]} --max-delivery-attempts=5 --project=${var.project_id} &&",
    "gcloud pubsub subscriptions add-iam-policy-binding \"$SUB\" --member=serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com --role=roles/pubsub.subscriber --project=${var.project_id}",
  ])]
}
