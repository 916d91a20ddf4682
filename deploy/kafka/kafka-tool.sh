#!/usr/bin/env bash
#
# Kafka's own command-line tools without a Kafka installation: runs the tool's class (the same one
# kafka-<tool>.sh runs) from the launcher's libraries, deploy/local/target/lib (built by
# `./mvnw -B -DskipTests install`). Arguments are the tool's own.
#
#   kafka-tool.sh consumer-groups --bootstrap-server localhost:9092 --describe --group search-service.studies
#   kafka-tool.sh consumer-groups ... --reset-offsets --to-earliest --all-topics --execute
#   kafka-tool.sh console-consumer --bootstrap-server localhost:9092 --topic crescendo.identity.user.v1 \
#       --from-beginning --property print.key=true --property print.headers=true
#   kafka-tool.sh topics --bootstrap-server localhost:9092 --describe
#
# Tools: topics, consumer-groups, console-consumer, console-producer, get-offsets, configs.
# With a Kafka distribution, its bin/kafka-<tool>.sh does the same (docs/operations.md).

set -euo pipefail

usage() {
  sed -n '3,14p' "$0" | sed 's/^# \{0,1\}//'
}

if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  usage
  exit 0
fi

case "$1" in
  topics) main=org.apache.kafka.tools.TopicCommand ;;
  consumer-groups) main=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
  console-consumer) main=org.apache.kafka.tools.consumer.ConsoleConsumer ;;
  console-producer) main=org.apache.kafka.tools.ConsoleProducer ;;
  get-offsets) main=org.apache.kafka.tools.GetOffsetShell ;;
  configs) main=kafka.admin.ConfigCommand ;;
  *)
    echo "unknown tool '$1' (topics, consumer-groups, console-consumer, console-producer, get-offsets, configs)" >&2
    exit 2
    ;;
esac
shift

lib="$(cd "$(dirname "$0")/../local/target" 2>/dev/null && pwd)/lib"
if [ ! -d "$lib" ]; then
  echo "no $lib: build first with ./mvnw -B -DskipTests install" >&2
  exit 1
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# The tools log through SLF4J (Logback in lib/): warnings only, to stderr.
exec "$java" -cp "$lib/*" -Dlogback.configurationFile="$(dirname "$0")/tools-logback.xml" "$main" "$@"
