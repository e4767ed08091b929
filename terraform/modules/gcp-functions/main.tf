locals {
  labels = merge({ app = "sacred-council" }, var.labels)

  # Entry points are classes in functions/src/main/java; check/ verifies each exists
  # and implements HttpFunction (no topic) or CloudEventsFunction (topic).
  functions = {
    heart     = { entry_point = "org.sacredcouncil.functions.heart.HeartFunction", topic = null }
    memory    = { entry_point = "org.sacredcouncil.functions.memory.MemoryFunction", topic = "sacred_events" }
    wisdom    = { entry_point = "org.sacredcouncil.functions.wisdom.WisdomFunction", topic = "sacred_events" }
    coherence = { entry_point = "org.sacredcouncil.functions.coherence.CoherenceFunction", topic = "coherence_ticks" }
  }
  consumers = { for k, f in local.functions : k => f if f.topic != null }

  # Plain environment (names are read by the Java code; check/ compares both ways).
  env_common = {
    GOOGLE_CLOUD_PROJECT  = var.project_id
    SACRED_EVENTS_TOPIC   = var.topic_names["sacred_events"]
    COHERENCE_TICKS_TOPIC = var.topic_names["coherence_ticks"]
    DEAD_LETTER_TOPIC     = var.topic_names["dead_letter"]
    # OpenTelemetry metrics to Cloud Monitoring and spans to Cloud Trace (docs/observability.md)
    TELEMETRY_EXPORTER = "gcp"
    # Read by the Firestore client itself: its per-call spans go to the global OpenTelemetry, which our
    # telemetry never registers (they would be no-ops), yet cost CPU on every call (functions/README.md)
    FIRESTORE_ENABLE_TRACING = "false"
  }
  env_sql = {
    CLOUD_SQL_INSTANCE = var.sql_connection_name
    DB_NAME            = var.db_name
    DB_USER            = var.db_user
    # terraform_data.schema_migration migrates at deploy time: a function only checks the schema version
    DB_MIGRATIONS = "deploy"
  }
  # The configured set of regions (docs/contracts.md#regions): the deployed hearts' regions.
  council_regions = join(",", sort(distinct(values(var.heart_regions))))
  env_wisdom = {
    WISDOM_MODEL_URL  = var.wisdom_model_url
    WISDOM_MODEL_NAME = var.wisdom_model_name
  }
  # The feed to the edge's field hub (docs/live-field.md#feed), signed with HUB_FEED_SECRET (secret_env).
  env_hub = {
    HUB_FEED_URL        = var.hub_feed_url
    HUB_FEED_TIMEOUT_MS = tostring(var.hub_feed_timeout_ms)
  }
  env_edge = {
    CF_ACCOUNT_ID      = var.cf_account_id
    CF_KV_NAMESPACE_ID = var.cf_kv_namespace_id
    FIELD_ORIGINS      = jsonencode(local.origins)
  }

  # Secret env var => secret role, per function: each function's account may read only these.
  secret_env = {
    heart     = { EDGE_SECRET = "edge_secret", DB_PASSWORD = "db_password" }
    memory    = { DB_PASSWORD = "db_password", HUB_FEED_SECRET = "hub_feed_secret" }
    wisdom    = { WISDOM_MODEL_API_KEY = "wisdom_model_api_key", DB_PASSWORD = "db_password", HUB_FEED_SECRET = "hub_feed_secret" }
    coherence = { DB_PASSWORD = "db_password", CF_API_TOKEN = "cf_api_token", HUB_FEED_SECRET = "hub_feed_secret" }
  }

  # DB_POOL_SIZE per function from function_settings: the connection budget (README) is computed from it.
  consumer_env = {
    memory    = merge(local.env_common, local.env_sql, local.env_hub, { DB_POOL_SIZE = tostring(var.function_settings["memory"].db_pool) })
    wisdom    = merge(local.env_common, local.env_sql, local.env_wisdom, local.env_hub, { DB_POOL_SIZE = tostring(var.function_settings["wisdom"].db_pool) })
    coherence = merge(local.env_common, local.env_sql, local.env_edge, local.env_hub, { DB_POOL_SIZE = tostring(var.function_settings["coherence"].db_pool), COUNCIL_REGIONS = local.council_regions })
  }

  # Project-level roles (Firestore, the Cloud SQL connector, metric and span writing have no finer grant). Nothing else is granted
  # project-wide; terraform/check refuses the roles of its forbidden list at project level.
  project_roles = {
    "heart/datastore"     = { fn = "heart", role = "roles/datastore.user" }
    "heart/cloudsql"      = { fn = "heart", role = "roles/cloudsql.client" }
    "memory/datastore"    = { fn = "memory", role = "roles/datastore.user" }
    "memory/cloudsql"     = { fn = "memory", role = "roles/cloudsql.client" }
    "wisdom/datastore"    = { fn = "wisdom", role = "roles/datastore.user" }
    "wisdom/cloudsql"     = { fn = "wisdom", role = "roles/cloudsql.client" }
    "coherence/datastore" = { fn = "coherence", role = "roles/datastore.user" }
    "coherence/cloudsql"  = { fn = "coherence", role = "roles/cloudsql.client" }
    # telemetry export (TELEMETRY_EXPORTER=gcp): write metrics and spans, nothing else of Monitoring or Trace
    "heart/metrics"     = { fn = "heart", role = "roles/monitoring.metricWriter" }
    "heart/traces"      = { fn = "heart", role = "roles/cloudtrace.agent" }
    "memory/metrics"    = { fn = "memory", role = "roles/monitoring.metricWriter" }
    "memory/traces"     = { fn = "memory", role = "roles/cloudtrace.agent" }
    "wisdom/metrics"    = { fn = "wisdom", role = "roles/monitoring.metricWriter" }
    "wisdom/traces"     = { fn = "wisdom", role = "roles/cloudtrace.agent" }
    "coherence/metrics" = { fn = "coherence", role = "roles/monitoring.metricWriter" }
    "coherence/traces"  = { fn = "coherence", role = "roles/cloudtrace.agent" }
  }
  # No roles/eventarc.eventReceiver: Pub/Sub-triggered Eventarc needs only run.invoker on the target
  # (below); eventReceiver is for direct and Audit Log events.

  # Who publishes where: heart emits events; consumers park bad events; coherence emits field updates.
  publishers = {
    "heart/sacred_events"     = { fn = "heart", topic = "sacred_events" }
    "memory/dead_letter"      = { fn = "memory", topic = "dead_letter" }
    "wisdom/dead_letter"      = { fn = "wisdom", topic = "dead_letter" }
    "coherence/dead_letter"   = { fn = "coherence", topic = "dead_letter" }
    "coherence/sacred_events" = { fn = "coherence", topic = "sacred_events" }
  }

  secret_grants = merge([
    for fn, m in local.secret_env : { for env, role in m : "${fn}/${role}" => { fn = fn, secret = var.secret_ids[role] } }
  ]...)

  # Regions with a function build: the primary and every heart region (one Artifact Registry repo each).
  build_regions = toset(concat([var.region], values(var.heart_regions)))

  # The delivery policy of the function subscriptions (docs/contracts.md#delivery-policy), from
  # terraform/delivery-policy.json only; terraform/check refuses any other source of these values.
  delivery_policy = jsondecode(file(var.delivery_policy_path))
  subscription_policy = {
    ack_deadline_seconds       = local.delivery_policy.ackDeadlineSeconds
    minimum_backoff            = "${local.delivery_policy.minimumBackoffSeconds}s"
    maximum_backoff            = "${local.delivery_policy.maximumBackoffSeconds}s"
    max_delivery_attempts      = local.delivery_policy.maxDeliveryAttempts
    message_retention_duration = "${local.delivery_policy.messageRetentionSeconds}s"
  }

  # The connection budget (README): every instance holds up to db_pool connections; hearts once per region.
  db_connections = sum([for fn, s in var.function_settings : s.max_instances * s.db_pool * (fn == "heart" ? length(var.heart_regions) : 1)])

  origins = [for id, region in var.heart_regions : {
    id     = id
    url    = google_cloudfunctions2_function.heart[id].url
    region = region
  }]
}

data "google_project" "this" {
  project_id = var.project_id
}

# ---------------------------------------------------------------- identities

resource "google_service_account" "fn" {
  for_each = local.functions

  project      = var.project_id
  account_id   = "sacred-${each.key}"
  display_name = "Sacred Council ${each.key} function"
  description  = "Runs the ${each.key} function (${each.value.entry_point}) and nothing else."

  depends_on = [terraform_data.services]
}

resource "google_service_account" "build" {
  project      = var.project_id
  account_id   = "sacred-functions-build"
  display_name = "Sacred Council functions build"
  description  = "Cloud Build identity for building the four functions."

  depends_on = [terraform_data.services]
}

# Build images go to our own repository per region (build_config.docker_repository), so the build account
# writes to these repositories only, instead of roles/artifactregistry.writer on the whole project.
resource "google_artifact_registry_repository" "functions" {
  for_each = local.build_regions

  project       = var.project_id
  location      = each.value
  repository_id = "sacred-functions"
  format        = "DOCKER"
  description   = "Images of the Sacred Council functions (built by sacred-functions-build)."
  labels        = local.labels

  cleanup_policies {
    id     = "keep-recent"
    action = "KEEP"
    most_recent_versions {
      keep_count = 5
    }
  }

  depends_on = [terraform_data.services]
}

resource "google_artifact_registry_repository_iam_member" "build_writer" {
  for_each = local.build_regions

  project    = var.project_id
  location   = each.value
  repository = google_artifact_registry_repository.functions[each.value].name
  role       = "roles/artifactregistry.writer"
  member     = "serviceAccount:${google_service_account.build.email}"
}

# Build logs (write only) and reading the staged source: Cloud Functions copies the zip into its own
# gcf-v2-sources-* bucket, which exists only after the first deploy, so no bucket-level grant can come first.
# No roles/cloudbuild.builds.builder (project-wide storage and registry write).
resource "google_project_iam_member" "build" {
  for_each = toset([
    "roles/logging.logWriter",
    "roles/storage.objectViewer",
  ])

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.build.email}"
}

resource "google_project_iam_member" "fn" {
  for_each = local.project_roles

  project = var.project_id
  role    = each.value.role
  member  = "serviceAccount:${google_service_account.fn[each.value.fn].email}"
}

resource "google_pubsub_topic_iam_member" "publisher" {
  for_each = local.publishers

  project = var.project_id
  topic   = var.topic_names[each.value.topic]
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:${google_service_account.fn[each.value.fn].email}"
}

resource "google_secret_manager_secret_iam_member" "accessor" {
  for_each = local.secret_grants

  project   = var.project_id
  secret_id = each.value.secret
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.fn[each.value.fn].email}"
}

# Pub/Sub mints the OIDC token of each Eventarc push with the trigger's account.
resource "google_service_account_iam_member" "pubsub_token_creator" {
  for_each = local.consumers

  service_account_id = google_service_account.fn[each.key].name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

# ---------------------------------------------------------------- source

resource "google_storage_bucket" "source" {
  project                     = var.project_id
  name                        = "${var.project_id}-sacred-functions-source"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true
  labels                      = local.labels

  lifecycle_rule {
    condition {
      num_newer_versions = 3
      with_state         = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }

  versioning {
    enabled = true
  }

  depends_on = [terraform_data.services]
}

resource "google_storage_bucket_iam_member" "build_reads_source" {
  bucket = google_storage_bucket.source.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.build.email}"
}

# The object name carries the zip's hash, so a new jar means a new object and a redeploy.
resource "google_storage_bucket_object" "functions" {
  bucket = google_storage_bucket.source.name
  name   = "functions-${filemd5(var.functions_zip)}.zip"
  source = var.functions_zip
}

# ---------------------------------------------------------------- functions

resource "google_cloudfunctions2_function" "heart" {
  for_each = var.heart_regions

  project     = var.project_id
  name        = "sacred-heart-${each.key}"
  location    = each.value
  description = "Council HTTP API behind the edge (origin ${each.key})."
  labels      = local.labels

  build_config {
    runtime           = var.runtime
    entry_point       = local.functions["heart"].entry_point
    service_account   = google_service_account.build.id
    docker_repository = google_artifact_registry_repository.functions[each.value].id
    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.functions.name
      }
    }
  }

  service_config {
    available_memory                 = var.function_settings["heart"].memory
    available_cpu                    = var.function_settings["heart"].cpu
    min_instance_count               = var.function_settings["heart"].min_instances
    max_instance_count               = var.function_settings["heart"].max_instances
    max_instance_request_concurrency = var.function_settings["heart"].concurrency
    timeout_seconds                  = var.function_settings["heart"].timeout
    # ALLOW_ALL: the Worker reaches heart from Cloudflare's network, not through a Google load balancer or
    # VPC, so internal ingress would shut the edge out too. Who may call is decided by IAM (heart_public)
    # and, for everything that reaches the code, by the edge signature (README, "Only through the edge").
    ingress_settings      = "ALLOW_ALL"
    service_account_email = google_service_account.fn["heart"].email
    environment_variables = merge(local.env_common, local.env_sql, {
      HEART_REGION          = each.value
      COUNCIL_REGIONS       = local.council_regions
      DB_POOL_SIZE          = tostring(var.function_settings["heart"].db_pool)
      API_KEY_CACHE_SECONDS = tostring(var.api_key_cache_seconds)
      # docs/artifacts.md#config: the same ARTIFACT_MAX_BYTES as the Worker's (the roots pass one variable to both)
      ARTIFACT_MAX_BYTES   = tostring(var.artifact_max_bytes)
      ARTIFACT_QUOTA_COUNT = tostring(var.artifact_quota_count)
      ARTIFACT_QUOTA_BYTES = tostring(var.artifact_quota_bytes)
      # docs/graphql.md#limits and #limits-at-edge: heart pauses GraphQL mutations by the edge's threshold
      GRAPHQL_MAX_DEPTH         = tostring(var.graphql_settings.max_depth)
      GRAPHQL_MAX_COMPLEXITY    = tostring(var.graphql_settings.max_complexity)
      GRAPHQL_PERSISTED_MAX     = tostring(var.graphql_settings.persisted_max)
      GRAPHQL_CACHE_SECONDS     = tostring(var.graphql_settings.cache_seconds)
      PAUSE_COHERENCE_THRESHOLD = tostring(var.pause_coherence_threshold)
    })

    dynamic "secret_environment_variables" {
      for_each = local.secret_env["heart"]
      content {
        key        = secret_environment_variables.key
        project_id = var.project_id
        secret     = var.secret_ids[secret_environment_variables.value]
        version    = "latest"
      }
    }
  }

  depends_on = [
    google_project_iam_member.fn,
    google_project_iam_member.build,
    google_artifact_registry_repository_iam_member.build_writer,
    google_secret_manager_secret_iam_member.accessor,
    google_storage_bucket_iam_member.build_reads_source,
    terraform_data.services,
    terraform_data.connection_budget,
    terraform_data.schema_migration,
  ]
}

resource "google_cloudfunctions2_function" "consumer" {
  for_each = local.consumers

  project     = var.project_id
  name        = "sacred-${each.key}"
  location    = var.region
  description = "Consumes ${var.topic_names[each.value.topic]} as CloudEvents (${each.value.entry_point})."
  labels      = local.labels

  build_config {
    runtime           = var.runtime
    entry_point       = each.value.entry_point
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
    available_memory                 = var.function_settings[each.key].memory
    available_cpu                    = var.function_settings[each.key].cpu
    min_instance_count               = var.function_settings[each.key].min_instances
    max_instance_count               = var.function_settings[each.key].max_instances
    max_instance_request_concurrency = var.function_settings[each.key].concurrency
    timeout_seconds                  = var.function_settings[each.key].timeout
    ingress_settings                 = "ALLOW_INTERNAL_ONLY"
    service_account_email            = google_service_account.fn[each.key].email
    environment_variables            = local.consumer_env[each.key]

    dynamic "secret_environment_variables" {
      for_each = local.secret_env[each.key]
      content {
        key        = secret_environment_variables.key
        project_id = var.project_id
        secret     = var.secret_ids[secret_environment_variables.value]
        version    = "latest"
      }
    }
  }

  # Eventarc wraps each Pub/Sub message in a CloudEvent for the CloudEventsFunction and creates the push
  # subscription itself; the trigger sets only the retry policy. Ack deadline, backoff, dead-lettering and
  # retention of that subscription come from delivery-policy.json through terraform_data.subscription_policy
  # below. Handlers park permanently bad events on sacred-events-dead themselves and throw only for transient
  # failures, which Pub/Sub retries with backoff within the subscription's retention.
  event_trigger {
    trigger_region        = var.region
    event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
    pubsub_topic          = "projects/${var.project_id}/topics/${var.topic_names[each.value.topic]}"
    retry_policy          = "RETRY_POLICY_RETRY"
    service_account_email = google_service_account.fn[each.key].email
  }

  depends_on = [
    google_project_iam_member.fn,
    google_project_iam_member.build,
    google_artifact_registry_repository_iam_member.build_writer,
    terraform_data.connection_budget,
    google_pubsub_topic_iam_member.publisher,
    google_secret_manager_secret_iam_member.accessor,
    google_service_account_iam_member.pubsub_token_creator,
    google_storage_bucket_iam_member.build_reads_source,
    terraform_data.services,
    terraform_data.schema_migration,
  ]
}

# Eventarc's push carries an OIDC token of the trigger account: it may invoke its own service only.
resource "google_cloud_run_v2_service_iam_member" "trigger_invoker" {
  for_each = local.consumers

  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.consumer[each.key].service_config[0].service
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.fn[each.key].email}"
}

# allUsers because the Worker has no Google identity to present (README, "Only through the edge"): heart
# answers 401 to every request without a valid edge signature, before it touches PostgreSQL or Pub/Sub.
resource "google_cloud_run_v2_service_iam_member" "heart_public" {
  for_each = var.heart_public ? var.heart_regions : {}

  project  = var.project_id
  location = each.value
  name     = google_cloudfunctions2_function.heart[each.key].service_config[0].service
  role     = "roles/run.invoker"
  member   = "allUsers"
}

# Schema migrations at deploy time, out of every function's cold start (functions/README.md, "Schema
# migrations"): SchemaMigrationMain runs Flyway from the packaged jars (terraform/build/functions/libs, which
# package-functions.sh stages beside the zip) through the Cloud SQL connector, with the credentials of the
# machine running terraform apply (Application Default Credentials: roles/cloudsql.client, and access to the
# db_password secret), before any function is replaced; the functions run with DB_MIGRATIONS=deploy and only
# check the version. Migrations only add, so instances of the previous code keep working on the new schema.
# Runs again for every new zip (Flyway does nothing when the schema is current). Needs gcloud and Java 17.
resource "terraform_data" "schema_migration" {
  triggers_replace = [google_storage_bucket_object.functions.name]

  provisioner "local-exec" {
    command = join(" ", [
      "DB_PASSWORD=\"$(gcloud secrets versions access latest --secret=${var.secret_ids["db_password"]} --project=${var.project_id})\"",
      "java -cp '${dirname(var.functions_zip)}/functions/libs/*' org.sacredcouncil.functions.store.SchemaMigrationMain",
    ])
    environment = {
      CLOUD_SQL_INSTANCE = var.sql_connection_name
      DB_NAME            = var.db_name
      DB_USER            = var.db_user
    }
  }

  depends_on = [terraform_data.services]
}

resource "terraform_data" "services" {
  input = var.service_dependencies
}

# The connection budget (README): checked by terraform plan here, and offline by terraform/check.
resource "terraform_data" "connection_budget" {
  input = local.db_connections

  lifecycle {
    precondition {
      condition     = local.db_connections <= var.db_connection_budget
      error_message = "max_instances x db_pool over all functions (hearts once per region) exceeds db_connection_budget."
    }
    precondition {
      condition     = alltrue([for fn, s in var.function_settings : s.concurrency <= s.db_pool])
      error_message = "A function's concurrency exceeds its db_pool: requests would queue for a connection and fail after the pool's 5 s timeout."
    }
    precondition {
      condition     = alltrue([for fn, s in var.function_settings : fn == "heart" || s.timeout <= local.delivery_policy.ackDeadlineSeconds])
      error_message = "An event function's timeout exceeds the subscription ack deadline: Pub/Sub would redeliver while the first delivery still runs."
    }
  }
}

# Eventarc creates and owns each trigger's push subscription; neither the Eventarc API nor the provider can set
# its ack deadline, backoff, dead-letter policy or retention (the subscription is output-only). This step sets
# them from delivery-policy.json right after the trigger exists, and again whenever the file or the trigger
# changes. It needs gcloud on the machine running terraform apply. scripts/delivery-policy.mjs verify
# compares the live subscriptions with the file afterwards (README, step 6).
resource "terraform_data" "subscription_policy" {
  for_each = local.consumers

  triggers_replace = [
    google_cloudfunctions2_function.consumer[each.key].event_trigger[0].trigger,
    jsonencode(local.subscription_policy),
  ]

  provisioner "local-exec" {
    command = join(" ", [
      "SUB=$(gcloud eventarc triggers describe ${google_cloudfunctions2_function.consumer[each.key].event_trigger[0].trigger} --location=${var.region} --project=${var.project_id} --format='value(transport.pubsub.subscription)') &&",
      "gcloud pubsub subscriptions update \"$SUB\" --project=${var.project_id}",
      "--ack-deadline=${local.subscription_policy.ack_deadline_seconds}",
      "--min-retry-delay=${local.subscription_policy.minimum_backoff}",
      "--max-retry-delay=${local.subscription_policy.maximum_backoff}",
      "--message-retention-duration=${local.subscription_policy.message_retention_duration}",
      "--dead-letter-topic=projects/${var.project_id}/topics/${var.topic_names["dead_letter"]}",
      "--max-delivery-attempts=${local.subscription_policy.max_delivery_attempts} &&",
      "gcloud pubsub subscriptions add-iam-policy-binding \"$SUB\" --project=${var.project_id}",
      "--member=serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com --role=roles/pubsub.subscriber",
    ])
  }
}
