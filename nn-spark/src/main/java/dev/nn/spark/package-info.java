/**
 * Runs nn's trials (cross-validation folds, grid-search points) as Apache Spark tasks: {@link
 * dev.nn.spark.SparkTrialRunner}, found by name ({@code spark}) through {@link
 * dev.nn.spark.SparkTrialRunnerProvider}. A class-path library: Spark's jars are not modules, and Spark runs its
 * drivers and executors on the class path.
 */
package dev.nn.spark;
