# The scaling step (docs/scaling.md): a function on coherence-ticks (the same Cloud Scheduler job, its own Eventarc
# subscription) that sets the service-level min/max instances of heart (per region), memory and wisdom through the
# Cloud Run Admin API, within bounds derived here. In its own files (scaling*.tf) so that it merges beside the rest.

locals {
  scaling_entry_point = "org.sacredcouncil.functions.scaling.ScalingFunction"

  # One target per Cloud Run service. A gen2 function's service carries the function's name. region = null: the
  # target follows the whole council (memory and wisdom serve every region's events).
  scaling_targets = concat(
    [for id, region in var.heart_regions : {
      function         = "heart"
      service          = "projects/${var.project_id}/locations/${region}/services/sacred-heart-${id}"
      region           = region
      utcOffsetMinutes = lookup(var.scaling_utc_offsets, region, 0)
    } if contains(keys(var.scaling_bounds), "heart")],
    [for fn in ["memory", "wisdom", "coherence"] : {
      function         = fn
      service          = "projects/${var.project_id}/locations/${var.region}/services/sacred-${fn}"
      region           = null
      utcOffsetMinutes = lookup(var.scaling_utc_offsets, var.region, 0)
    } if contains(keys(var.scaling_bounds), fn)],
  )
  # The bounds: the max never over function_settings' max_instances (the connection budget's figure), the min
  # never over min_high nor that max. Baselines are clamped the same way by the policy itself.
  scaling_targets_json = jsonencode([for t in local.scaling_targets : merge(t, {
    baseline = {
      min = var.scaling_bounds[t.function].baseline_min
      max = var.scaling_bounds[t.function].baseline_max
    }
    bounds = {
      minLow  = 0
      minHigh = min(var.scaling_bounds[t.function].min_high, var.function_settings[t.function].max_instances)
      maxLow  = 1
      maxHigh = var.function_settings[t.function].max_instances
    }
    messagesPerInstanceMinute = var.scaling_bounds[t.function].messages_per_instance_minute
  })])

  scaling_env = merge(local.env_common, local.env_sql, {
    DB_POOL_SIZE                = "2"
    SCALING_TARGETS             = local.scaling_targets_json
    SCALING_DRY_RUN             = tostring(var.scaling_dry_run)
    SCALING_QUIET_HOURS         = var.scaling_quiet_hours
    SCALING_PEAK_HOURS          = var.scaling_peak_hours
    SCALING_RATE_WINDOW_MINUTES = tostring(var.scaling_rate_window_minutes)
  })

  # The runtime identities of the scaled services: Cloud Run checks actAs on a service's identity for an update.
  scaled_functions = var.scaling_enabled ? toset([for t in local.scaling_targets : t.function]) : toset([])
  scaled_services  = var.scaling_enabled ? { for t in local.scaling_targets : t.service => t } : {}
}

resource "google_service_account" "scaling" {
  count = var.scaling_enabled ? 1 : 0

  project      = var.project_id
  account_id   = "sacred-scaling"
  display_name = "Sacred Council scaling step"
  description  = "Runs ${local.scaling_entry_point}: reads the log and sets the functions' service-level instance counts."

  depends_on = [terraform_data.services]
}

# The least that can do it: read a service and update it. roles/run.developer would also let the step delete the
# services, create new ones and read their revisions and executions; this role has the two permissions the Admin
# API checks for services.get and services.patch, and it is granted on the scaled services only (below).
resource "google_project_iam_custom_role" "scaling" {
  count = var.scaling_enabled ? 1 : 0

  project     = var.project_id
  role_id     = "sacredScalingStep"
  title       = "Sacred Council scaling step"
  description = "Read and update the scaling of the Sacred Council's Cloud Run services."
  permissions = ["run.services.get", "run.services.update"]

  depends_on = [terraform_data.services]
}

resource "google_cloud_run_v2_service_iam_member" "scaling_updates" {
  for_each = local.scaled_services

  project  = var.project_id
  location = split("/", each.key)[3]
  name     = split("/", each.key)[5]
  role     = google_project_iam_custom_role.scaling[0].id
  member   = "serviceAccount:${google_service_account.scaling[0].email}"

  depends_on = [google_cloudfunctions2_function.heart, google_cloudfunctions2_function.consumer]
}

# Updating a service needs iam.serviceAccounts.actAs on its runtime identity (Cloud Run, "Required roles": Service
# Account User on the service identity): on each scaled function's own account, never project-wide.
resource "google_service_account_iam_member" "scaling_acts_as" {
  for_each = local.scaled_functions

  service_account_id = google_service_account.fn[each.key].name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.scaling[0].email}"
}

resource "google_project_iam_member" "scaling_cloudsql" {
  count = var.scaling_enabled ? 1 : 0

  project = var.project_id
  role    = "roles/cloudsql.client"
  member  = "serviceAccount:${google_service_account.scaling[0].email}"
}

resource "google_secret_manager_secret_iam_member" "scaling_db_password" {
  count = var.scaling_enabled ? 1 : 0

  project   = var.project_id
  secret_id = var.secret_ids["db_password"]
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.scaling[0].email}"
}

resource "google_service_account_iam_member" "scaling_pubsub_token_creator" {
  count = var.scaling_enabled ? 1 : 0

  service_account_id = google_service_account.scaling[0].name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

resource "google_cloudfunctions2_function" "scaling" {
  count = var.scaling_enabled ? 1 : 0

  project     = var.project_id
  name        = "sacred-scaling"
  location    = var.region
  description = "Sets the functions' service-level instance bounds on each tick (${local.scaling_entry_point})."
  labels      = local.labels

  build_config {
    runtime           = var.runtime
    entry_point       = local.scaling_entry_point
    service_account   = google_service_account.build.id
    docker_repository = google_artifact_registry_repository.functions[var.region].id
    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.functions.name
      }
    }
  }

  service_config {
    available_memory                 = "512Mi"
    available_cpu                    = "1"
    min_instance_count               = 0
    max_instance_count               = 1
    max_instance_request_concurrency = 1
    timeout_seconds                  = 60
    ingress_settings                 = "ALLOW_INTERNAL_ONLY"
    service_account_email            = google_service_account.scaling[0].email
    environment_variables            = local.scaling_env

    secret_environment_variables {
      key        = "DB_PASSWORD"
      project_id = var.project_id
      secret     = var.secret_ids["db_password"]
      version    = "latest"
    }
  }

  event_trigger {
    trigger_region        = var.region
    event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
    pubsub_topic          = "projects/${var.project_id}/topics/${var.topic_names["coherence_ticks"]}"
    retry_policy          = "RETRY_POLICY_RETRY"
    service_account_email = google_service_account.scaling[0].email
  }

  depends_on = [
    google_project_iam_member.scaling_cloudsql,
    google_project_iam_member.build,
    google_artifact_registry_repository_iam_member.build_writer,
    google_secret_manager_secret_iam_member.scaling_db_password,
    google_service_account_iam_member.scaling_pubsub_token_creator,
    google_storage_bucket_iam_member.build_reads_source,
    terraform_data.services,
    terraform_data.schema_migration,
    terraform_data.scaling_bounds,
  ]
}

resource "google_cloud_run_v2_service_iam_member" "scaling_trigger_invoker" {
  count = var.scaling_enabled ? 1 : 0

  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.scaling[0].service_config[0].service
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.scaling[0].email}"
}

# Bounds that could not hold are refused at plan time (and offline by terraform/check/scaling.test.mjs).
resource "terraform_data" "scaling_bounds" {
  # the offsets are named here too: the offline checks do not follow references inside a for expression's body
  input = { targets = local.scaling_targets_json, utc_offsets = var.scaling_utc_offsets }

  lifecycle {
    precondition {
      condition     = alltrue([for fn, b in var.scaling_bounds : contains(keys(var.function_settings), fn)])
      error_message = "scaling_bounds names a function without function_settings."
    }
    precondition {
      condition     = alltrue([for fn, b in var.scaling_bounds : b.baseline_max <= var.function_settings[fn].max_instances])
      error_message = "A scaling baseline_max exceeds the function's max_instances: the connection budget is computed from max_instances."
    }
    precondition {
      condition     = alltrue([for fn, b in var.scaling_bounds : b.min_high <= var.function_settings[fn].max_instances])
      error_message = "A scaling min_high exceeds the function's max_instances."
    }
  }
}
