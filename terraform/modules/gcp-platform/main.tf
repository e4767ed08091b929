locals {
  apis = [
    "artifactregistry.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "cloudscheduler.googleapis.com",
    "eventarc.googleapis.com",
    "firebaserules.googleapis.com",
    "firestore.googleapis.com",
    "iam.googleapis.com",
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "sqladmin.googleapis.com",
    "storage.googleapis.com",
  ]

  # Topic names are part of the contract with functions/ and emulator/ (docs/architecture.md#events).
  topics = {
    sacred_events   = "sacred-events"
    coherence_ticks = "coherence-ticks"
    dead_letter     = "sacred-events-dead"
  }

  # Secret Manager secret ids; the functions module maps them to env var names.
  secrets = {
    db_password          = "sacred-db-password"
    edge_secret          = "sacred-edge-secret"
    hub_feed_secret      = "sacred-hub-feed-secret"
    wisdom_model_api_key = "sacred-wisdom-model-api-key"
    cf_api_token         = "sacred-cf-api-token"
  }

  labels = merge({ app = "sacred-council" }, var.labels)

  # The function subscriptions' delivery policy (docs/contracts.md#delivery-policy): one file, read here for
  # the dead-letter retention and by gcp-functions for everything else; terraform/check compares both.
  delivery_policy = jsondecode(file(var.delivery_policy_path))

  pubsub_service_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

data "google_project" "this" {
  project_id = var.project_id
}

resource "google_project_service" "api" {
  for_each = toset(local.apis)

  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}

# ---------------------------------------------------------------- Pub/Sub

resource "google_pubsub_topic" "topic" {
  for_each = local.topics

  project                    = var.project_id
  name                       = each.value
  labels                     = local.labels
  message_retention_duration = each.key == "dead_letter" ? "${local.delivery_policy.deadLetterRetentionSeconds}s" : null

  depends_on = [google_project_service.api]
}

# Parked events must outlive the publish: without a subscription, messages
# published to sacred-events-dead would be dropped. Pull it to inspect or replay.
resource "google_pubsub_subscription" "dead_letter_inspect" {
  project                    = var.project_id
  name                       = "sacred-events-dead-inspect"
  topic                      = google_pubsub_topic.topic["dead_letter"].id
  ack_deadline_seconds       = 60
  message_retention_duration = "${local.delivery_policy.deadLetterRetentionSeconds}s"
  retain_acked_messages      = true
  labels                     = local.labels

  depends_on = [google_project_service.api]

  expiration_policy {
    ttl = ""
  }
}

# Google creates the Pub/Sub service agent lazily, some time after the API is enabled; a grant to it on a
# fresh project fails until it exists. `gcloud beta services identity create` creates it now (idempotent).
# (google_project_service_identity would do this, but only google-beta has it.)
resource "terraform_data" "pubsub_service_agent" {
  triggers_replace = [var.project_id]

  provisioner "local-exec" {
    command = "gcloud beta services identity create --service=pubsub.googleapis.com --project=${var.project_id} --quiet"
  }

  depends_on = [google_project_service.api]
}

# The Pub/Sub service agent publishes to the dead-letter topic when a subscription's dead_letter_policy
# gives up (the function subscriptions' policy, see gcp-functions and README).
resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  project = var.project_id
  topic   = google_pubsub_topic.topic["dead_letter"].name
  role    = "roles/pubsub.publisher"
  member  = local.pubsub_service_agent

  depends_on = [google_project_service.api, terraform_data.pubsub_service_agent]
}

resource "google_cloud_scheduler_job" "coherence_tick" {
  project     = var.project_id
  region      = var.region
  name        = "sacred-coherence-tick"
  description = "Every minute: ask coherence to recompute the field from the event log."
  schedule    = var.coherence_tick_schedule
  time_zone   = "Etc/UTC"

  # A structured CloudEvent like the local scheduler's tick. Cloud Scheduler sends the same body every
  # time, so it carries no id: consumers take the delivery's id (the Pub/Sub message id) and treat any
  # message on the topic as "recompute now".
  pubsub_target {
    topic_name = google_pubsub_topic.topic["coherence_ticks"].id
    data = base64encode(jsonencode({
      specversion     = "1.0"
      type            = "council.coherence.tick"
      source          = "//cloudscheduler.googleapis.com/projects/${var.project_id}/locations/${var.region}/jobs/sacred-coherence-tick"
      datacontenttype = "application/json"
      data            = {}
    }))
    attributes = {
      "ce-type" = "council.coherence.tick"
    }
  }

  retry_config {
    retry_count = 0
  }

  depends_on = [google_project_service.api]
}

# ---------------------------------------------------------------- Secrets

# Secrets stay out of the state (README "Secrets"): ephemeral passwords reach Secret Manager and Cloud SQL
# only through write-only arguments (*_wo), sent when secrets_version changes. Needs Terraform >= 1.11.
ephemeral "random_password" "db" {
  length  = 32
  special = false
}

ephemeral "random_password" "edge" {
  length  = 48
  special = false
}

# HUB_FEED_SECRET (docs/live-field.md#feed): memory, wisdom and coherence sign their feed to the edge's field
# hub with it; the edge module copies the same value into the Worker, like EDGE_SECRET.
ephemeral "random_password" "hub_feed" {
  length  = 48
  special = false
}

resource "google_secret_manager_secret" "secret" {
  for_each = local.secrets

  project   = var.project_id
  secret_id = each.value
  labels    = local.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.api]
}

resource "google_secret_manager_secret_version" "value" {
  for_each = local.secrets

  secret                 = google_secret_manager_secret.secret[each.key].id
  secret_data_wo_version = var.secrets_version
  secret_data_wo = lookup({
    db_password          = ephemeral.random_password.db.result
    edge_secret          = ephemeral.random_password.edge.result
    hub_feed_secret      = ephemeral.random_password.hub_feed.result
    wisdom_model_api_key = var.wisdom_model_api_key == null ? "unset" : var.wisdom_model_api_key
    cf_api_token         = var.cf_api_token
  }, each.key)
}

# ---------------------------------------------------------------- Cloud SQL

resource "google_sql_database_instance" "sacred" {
  project             = var.project_id
  name                = var.sql_instance_name
  region              = var.region
  database_version    = "POSTGRES_18"
  deletion_protection = var.deletion_protection

  settings {
    # PostgreSQL 16+ defaults to Enterprise Plus, which has no shared-core tiers.
    edition                     = "ENTERPRISE"
    tier                        = var.sql_tier
    availability_type           = var.sql_availability_type
    disk_type                   = "PD_SSD"
    disk_size                   = var.sql_disk_size_gb
    disk_autoresize             = true
    deletion_protection_enabled = var.deletion_protection
    user_labels                 = local.labels

    # Public IP without authorized networks: only the Cloud SQL connector
    # (socket factory, IAM-checked, TLS) can reach it. No VPC connector to pay for.
    ip_configuration {
      ipv4_enabled = true
      ssl_mode     = "ENCRYPTED_ONLY"
    }

    # The event log is the source of truth: daily backups plus point-in-time recovery (7 days of WAL).
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
      transaction_log_retention_days = 7
      start_time                     = "03:00"

      backup_retention_settings {
        retained_backups = 14
      }
    }

    maintenance_window {
      day  = 7
      hour = 4
    }
  }

  depends_on = [google_project_service.api]
}

resource "google_sql_database" "sacred" {
  project  = var.project_id
  instance = google_sql_database_instance.sacred.name
  name     = var.db_name
}

resource "google_sql_user" "functions" {
  project             = var.project_id
  instance            = google_sql_database_instance.sacred.name
  name                = var.db_user
  password_wo         = ephemeral.random_password.db.result
  password_wo_version = var.secrets_version
}

# ---------------------------------------------------------------- Firestore

resource "google_firestore_database" "default" {
  project                 = var.project_id
  name                    = "(default)"
  location_id             = var.firestore_location
  type                    = "FIRESTORE_NATIVE"
  delete_protection_state = var.deletion_protection ? "DELETE_PROTECTION_ENABLED" : "DELETE_PROTECTION_DISABLED"
  deletion_policy         = "DELETE"

  depends_on = [google_project_service.api]
}

resource "google_firebaserules_ruleset" "firestore" {
  project = var.project_id

  source {
    files {
      name    = "firestore.rules"
      content = file(var.firestore_rules_path)
    }
  }

  depends_on = [google_firestore_database.default]
}

# The Rules API names a ruleset by its full path; the ruleset's name attribute is only the id.
resource "google_firebaserules_release" "firestore" {
  project      = var.project_id
  name         = "cloud.firestore"
  ruleset_name = "projects/${var.project_id}/rulesets/${google_firebaserules_ruleset.firestore.name}"

  lifecycle {
    replace_triggered_by = [google_firebaserules_ruleset.firestore]
  }
}

locals {
  # Composite indexes straight from firestore.indexes.json, so the file the
  # rules engineer tests locally is the one deployed. Keyed by content so that
  # reordering the file does not recreate indexes.
  firestore_indexes = {
    for idx in jsondecode(file(var.firestore_indexes_path)).indexes :
    join("_", concat([idx.collectionGroup, try(idx.queryScope, "COLLECTION")], [
      for f in idx.fields : "${f.fieldPath}.${try(f.order, f.arrayConfig, "")}"
    ])) => idx
  }

  # Single-field overrides (e.g. exempting long text from indexing), from the same file.
  firestore_field_overrides = {
    for fo in try(jsondecode(file(var.firestore_indexes_path)).fieldOverrides, []) :
    "${fo.collectionGroup}.${fo.fieldPath}" => fo
  }
}

resource "google_firestore_index" "index" {
  for_each = local.firestore_indexes

  project     = var.project_id
  database    = google_firestore_database.default.name
  collection  = each.value.collectionGroup
  query_scope = try(each.value.queryScope, "COLLECTION")

  depends_on = [google_project_service.api]

  dynamic "fields" {
    for_each = each.value.fields
    content {
      field_path   = fields.value.fieldPath
      order        = try(fields.value.order, null)
      array_config = try(fields.value.arrayConfig, null)
    }
  }
}

resource "google_firestore_field" "override" {
  for_each = local.firestore_field_overrides

  project    = var.project_id
  database   = google_firestore_database.default.name
  collection = each.value.collectionGroup
  field      = each.value.fieldPath

  # An empty index_config turns indexing off for the field; listed indexes replace the defaults.
  index_config {
    dynamic "indexes" {
      for_each = try(each.value.indexes, [])
      content {
        query_scope  = try(indexes.value.queryScope, "COLLECTION")
        order        = try(indexes.value.order, null)
        array_config = try(indexes.value.arrayConfig, null)
      }
    }
  }

  dynamic "ttl_config" {
    for_each = try(each.value.ttl, false) ? [1] : []
    content {}
  }
}
