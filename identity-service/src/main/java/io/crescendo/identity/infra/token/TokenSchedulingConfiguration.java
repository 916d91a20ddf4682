package io.crescendo.identity.infra.token;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on the {@code @Scheduled} key rotation, key reload and refresh-token cleanup. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class TokenSchedulingConfiguration {}
