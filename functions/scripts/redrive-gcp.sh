#!/usr/bin/env bash
# Redrive on Google Cloud: moves what is parked on the dead-letter subscription (sacred-events-dead-inspect)
# back to sacred-events, with the same Java tool as `./council redrive` (functions/README.md,
# "Delivery guarantees → redrive"). Always look first:
#
#   functions/scripts/redrive-gcp.sh PROJECT_ID --dry-run     # lists each parked event and why it was parked
#   functions/scripts/redrive-gcp.sh PROJECT_ID               # republishes, acks each copy after its publish
#
# Extra arguments go to RedriveMain: --subscription ID (default sacred-events-dead-inspect), --topic ID
# (default sacred-events), --max N (default 10000).
# Needs: Java 17+, Maven, Application Default Credentials (`gcloud auth application-default login`) of an
# account with roles/pubsub.subscriber on the subscription and roles/pubsub.publisher on the topic.
set -euo pipefail
if [ $# -lt 1 ] || [[ "$1" == --* ]]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
project=$1
shift
cd "$(dirname "$0")/../.."
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -pl functions -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime >&2
# the real Pub/Sub, never an emulator left in the environment
unset PUBSUB_EMULATOR_HOST
GOOGLE_CLOUD_PROJECT="$project" exec java -cp "functions/target/classes:$(cat "$cp_file")" \
  org.sacredcouncil.functions.redrive.RedriveMain "$@"
