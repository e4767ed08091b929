output "kv_namespace_id" {
  description = "Workers KV namespace bound as FIELD_KV (coherence writes key field-state here)."
  value       = cloudflare_workers_kv_namespace.field.id
}

output "script_name" {
  description = "Worker script name."
  value       = cloudflare_workers_script.edge.script_name
}

output "route_pattern" {
  description = "Where clients reach the council."
  value       = cloudflare_workers_route.edge.pattern
}

output "route_hostname" {
  description = "Hostname of the route, with its proxied DNS record."
  value       = cloudflare_dns_record.route.name
}

output "hub_feed_url" {
  description = "The field hub's feed on the route (docs/live-field.md#feed): HUB_FEED_URL of memory, wisdom and coherence."
  value       = "https://${local.route_host}/internal/hub/feed"
}

output "artifacts_bucket" {
  description = "The R2 bucket of the sacred artifacts (the Worker's ARTIFACTS binding)."
  value       = cloudflare_r2_bucket.artifacts.name
}
