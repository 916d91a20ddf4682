package io.crescendo.events.axon.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A minimal write service: one aggregate, the shared event store and the Kafka publisher. */
@SpringBootApplication
public class PublisherTestApplication {}
