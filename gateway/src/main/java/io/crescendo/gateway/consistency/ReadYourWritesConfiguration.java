package io.crescendo.gateway.consistency;

import io.netty.channel.ChannelOption;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/** The read-your-writes filter and its client of search-service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReadYourWritesProperties.class)
class ReadYourWritesConfiguration {

  @Bean
  ReadYourWritesFilter readYourWritesFilter(ReadYourWritesProperties properties) {
    // A client of its own: a stopped search-service is refused at once, an unreachable one after
    // the connect timeout, and the write is answered anyway.
    HttpClient http = HttpClient.create().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1_000);
    return new ReadYourWritesFilter(
        WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)), properties);
  }
}
