#!/usr/bin/env bash
#
# Creates every Kafka topic Crescendo uses, with its settings, using Kafka's own kafka-topics.sh.
# Idempotent: existing topics are left as they are (their topic-level configs are re-applied with
# kafka-configs.sh; a partition count that differs is reported and makes the script fail, it is
# never changed: records are keyed by aggregate id, so adding partitions breaks per-aggregate order).
#
#   create-topics.sh [--bootstrap-server HOST:PORT] [--replication-factor N]
#                    [--min-insync-replicas N] [--command-config FILE] [--dry-run]
#
# Environment (flags win): BOOTSTRAP_SERVER (default localhost:9092), REPLICATION_FACTOR (1),
# MIN_INSYNC_REPLICAS (2 when the replication factor is 3 or more, else 1), COMMAND_CONFIG (a
# client properties file for TLS/SASL), KAFKA_HOME (where bin/kafka-topics.sh is; default: found
# on PATH, else /opt/kafka as in the apache/kafka image, else the same tools through
# kafka-tool.sh from the launcher's libraries of a built checkout).
#
# Used by deploy/compose (one-shot container on the apache/kafka image) and by hand against any
# cluster; docs/deployment.md. DeploymentFilesTest (deploy/e2e) checks that the list below matches
# Topics.all() and the services' EventSubscriptions (one <subscription>.dlt each).

set -euo pipefail

# BEGIN TOPICS -- name partitions configs (comma separated); replication is chosen at deployment
TOPICS='
crescendo.identity.user.v1            6 cleanup.policy=delete,retention.ms=-1
crescendo.study.studygroup.v1         6 cleanup.policy=delete,retention.ms=-1
crescendo.assignment.assignment.v1    6 cleanup.policy=delete,retention.ms=-1
crescendo.assignment.submission.v1    6 cleanup.policy=delete,retention.ms=-1
study-service.users.dlt               1 cleanup.policy=delete,retention.ms=-1
assignment-service.studies.dlt        1 cleanup.policy=delete,retention.ms=-1
assignment-service.users.dlt          1 cleanup.policy=delete,retention.ms=-1
search-service.users.dlt              1 cleanup.policy=delete,retention.ms=-1
search-service.studies.dlt            1 cleanup.policy=delete,retention.ms=-1
search-service.assignments.dlt        1 cleanup.policy=delete,retention.ms=-1
'
# END TOPICS

usage() {
  sed -n '3,15p' "$0" | sed 's/^# \{0,1\}//'
}

bootstrap="${BOOTSTRAP_SERVER:-localhost:9092}"
replication="${REPLICATION_FACTOR:-1}"
min_isr="${MIN_INSYNC_REPLICAS:-}"
command_config="${COMMAND_CONFIG:-}"
dry_run=false

while [ $# -gt 0 ]; do
  case "$1" in
    --bootstrap-server) bootstrap="$2"; shift 2 ;;
    --replication-factor) replication="$2"; shift 2 ;;
    --min-insync-replicas) min_isr="$2"; shift 2 ;;
    --command-config) command_config="$2"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

case "$replication" in
  '' | *[!0-9]* | 0) echo "--replication-factor must be a positive integer: $replication" >&2; exit 2 ;;
esac
if [ -z "$min_isr" ]; then
  if [ "$replication" -ge 3 ]; then min_isr=2; else min_isr=1; fi
fi
case "$min_isr" in
  '' | *[!0-9]* | 0) echo "--min-insync-replicas must be a positive integer: $min_isr" >&2; exit 2 ;;
esac
if [ "$min_isr" -gt "$replication" ]; then
  # acks=all producers would be refused (NotEnoughReplicas) on every topic
  echo "--min-insync-replicas ($min_isr) must not exceed --replication-factor ($replication)" >&2
  exit 2
fi

if [ -n "${KAFKA_HOME:-}" ]; then
  bin="$KAFKA_HOME/bin"
elif command -v kafka-topics.sh > /dev/null 2>&1; then
  bin="$(dirname "$(command -v kafka-topics.sh)")"
else
  bin=/opt/kafka/bin
fi
topics_cmd=("$bin/kafka-topics.sh")
configs_cmd=("$bin/kafka-configs.sh")
if [ -z "${KAFKA_HOME:-}" ] && [ ! -x "$bin/kafka-topics.sh" ]; then
  here="$(cd "$(dirname "$0")" && pwd)"
  topics_cmd=("$here/kafka-tool.sh" topics)
  configs_cmd=("$here/kafka-tool.sh" configs)
fi

admin_args=(--bootstrap-server "$bootstrap")
if [ -n "$command_config" ]; then
  admin_args+=(--command-config "$command_config")
fi

run() {
  if $dry_run; then
    echo "$*"
  else
    "$@"
  fi
}

existing=""
if ! $dry_run; then
  existing="$("${topics_cmd[@]}" "${admin_args[@]}" --list)"
fi

failed=0
while read -r name partitions configs; do
  [ -z "$name" ] && continue
  config_args=()
  IFS=',' read -r -a pairs <<< "$configs,min.insync.replicas=$min_isr"
  for pair in "${pairs[@]}"; do
    config_args+=(--config "$pair")
  done
  if grep -qxF -- "$name" <<< "$existing"; then
    actual="$("${topics_cmd[@]}" "${admin_args[@]}" --describe --topic "$name" \
      | sed -n 's/.*PartitionCount:[[:space:]]*\([0-9][0-9]*\).*/\1/p' | head -n 1)"
    if [ "$actual" != "$partitions" ]; then
      echo "topic $name has $actual partitions, expected $partitions: fix it by hand" >&2
      failed=1
    fi
    run "${configs_cmd[@]}" "${admin_args[@]}" --alter --entity-type topics \
      --entity-name "$name" --add-config "$configs,min.insync.replicas=$min_isr" > /dev/null
    echo "exists  $name (configs re-applied)"
  else
    run "${topics_cmd[@]}" "${admin_args[@]}" --create --if-not-exists --topic "$name" \
      --partitions "$partitions" --replication-factor "$replication" "${config_args[@]}"
    $dry_run || echo "created $name ($partitions partitions, replication $replication)"
  fi
done <<< "$TOPICS"

exit "$failed"
