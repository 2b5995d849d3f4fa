#!/usr/bin/env bash
# Measures a 20-trial grid (4 mlp recipes x 5 folds) on Spark against the local runner with 2 threads, and prints the
# overhead per trial. Usage: tools/spark-grid-bench.sh [ROWS [EPOCHS [MASTER]]]   (defaults 5000 5 local-cluster[2,1,1024])
# Each runner runs the grid twice (cold JVMs, then warm); the histories must be identical to the local run's.
# The first run builds nn with -Pspark, which downloads Spark. NN_MVN_ARGS adds Maven options (e.g. -o).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=find-jdk.sh
. "$root/tools/find-jdk.sh"
nn_find_jdk
export PATH="$JAVA_HOME/bin:$PATH"
cd "$root"
./mvnw -q -B -Pspark ${NN_MVN_ARGS:-} install -DskipTests -pl nn-spark -am
./mvnw -q -B -Pspark ${NN_MVN_ARGS:-} dependency:build-classpath -pl nn-spark -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath
spark="$root/nn-spark/target"
class_path="$spark/test-classes:$spark/classes:$(cat "$spark/bench.classpath")"
read -r -a spark_options < "$spark/spark-home/conf/java-options"
# local-cluster's executors: Spark from SPARK_HOME/jars, nn and this measurement from the same class path
export SPARK_HOME="$spark/spark-home" SPARK_SCALA_VERSION=2.13
exec java "${spark_options[@]}" -Dlog4j2.configurationFile="$spark/spark-home/conf/log4j2.properties" \
    -Dspark.executor.extraClassPath="$class_path" \
    -cp "$class_path" dev.nn.spark.SparkGridBench "$root/nn-cli/src/main/resources/dev/nn/cli/data" "$@"
