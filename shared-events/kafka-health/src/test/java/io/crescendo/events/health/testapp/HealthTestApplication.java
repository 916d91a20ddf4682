package io.crescendo.events.health.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A reactive web application with Actuator and nothing else: what a service adds is ours. */
@SpringBootApplication
public class HealthTestApplication {}
