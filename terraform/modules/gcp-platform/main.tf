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
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "sqladmin.googleapis.com",
    "storage.googleapis.com",
  ]

  # Topic names are part of the contract with functions/ and emulator/ (DESIGN.md).
  topics = {
    sacred_events   = "sacred-events"
    coherence_ticks = "coherence-ticks"
    dead_letter     = "sacred-events-dead"
  }

  # Secret Manager secret ids; the functions module maps them to env var names.
  secrets = {
    db_password          = "sacred-db-password"
    edge_secret          = "sacred-edge-secret"
    wisdom_model_api_key = "sacred-wisdom-model-api-key"
    cf_api_token         = "sacred-cf-api-token"
  }

  labels = merge({ app = "sacred-council" }, var.labels)
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
  message_retention_duration = each.key == "dead_letter" ? "604800s" : null

  depends_on = [google_project_service.api]
}

# Parked events must outlive the publish: without a subscription, messages
# published to sacred-events-dead would be dropped. Pull it to inspect or replay.
resource "google_pubsub_subscription" "dead_letter_inspect" {
  project                    = var.project_id
  name                       = "sacred-events-dead-inspect"
  topic                      = google_pubsub_topic.topic["dead_letter"].id
  ack_deadline_seconds       = 60
  message_retention_duration = "604800s"
  retain_acked_messages      = true
  labels                     = local.labels

  expiration_policy {
    ttl = ""
  }
}

# The Pub/Sub service agent publishes to the dead-letter topic when a
# subscription's dead_letter_policy gives up (the backstop, see README).
resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  project = var.project_id
  topic   = google_pubsub_topic.topic["dead_letter"].name
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
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

resource "random_password" "db" {
  length  = 32
  special = false
}

resource "random_password" "edge" {
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

  secret = google_secret_manager_secret.secret[each.key].id
  secret_data = lookup({
    db_password          = random_password.db.result
    edge_secret          = random_password.edge.result
    wisdom_model_api_key = var.wisdom_model_api_key == "" ? "unset" : var.wisdom_model_api_key
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

    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = false
      start_time                     = "03:00"
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
  project  = var.project_id
  instance = google_sql_database_instance.sacred.name
  name     = var.db_user
  password = random_password.db.result
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

resource "google_firebaserules_release" "firestore" {
  project      = var.project_id
  name         = "cloud.firestore"
  ruleset_name = google_firebaserules_ruleset.firestore.name

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
