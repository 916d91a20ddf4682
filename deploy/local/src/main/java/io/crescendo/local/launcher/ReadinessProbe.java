package io.crescendo.local.launcher;

/** Whether a supervised process serves yet (its health endpoint, or Kafka's metadata). */
@FunctionalInterface
interface ReadinessProbe {

  boolean isUp();
}
