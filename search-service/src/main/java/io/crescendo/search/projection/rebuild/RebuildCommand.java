package io.crescendo.search.projection.rebuild;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The operator command: {@code java -jar search-service.jar --crescendo.search.rebuild=true} (or
 * {@code CRESCENDO_SEARCH_REBUILD=true}) starts the service without web server and without live
 * consumers, rebuilds every read model ({@link ReadModelRebuild}), prints the report and exits: 0
 * switched (or a dry run found no difference), 2 differences found and not switched, 1 failed.
 */
public final class RebuildCommand {

  /** true runs the rebuild instead of the service. */
  public static final String PROPERTY = "crescendo.search.rebuild";

  private RebuildCommand() {}

  /**
   * The service's application, which in rebuild mode ({@value #PROPERTY}{@code =true}, from any
   * property source) runs no web server and no live consumer.
   */
  public static SpringApplication application(Class<?> source) {
    SpringApplication application = new SpringApplication(source);
    application.addListeners(new RebuildMode());
    return application;
  }

  /** In rebuild mode: closes the context and exits the JVM with the rebuild's exit code. */
  public static void exitWhenDone(ConfigurableApplicationContext context) {
    if (isRequested(context.getEnvironment())) {
      System.exit(SpringApplication.exit(context));
    }
  }

  static boolean isRequested(org.springframework.core.env.Environment environment) {
    return environment.getProperty(PROPERTY, Boolean.class, false);
  }

  /** Turns the web server and the live consumers off before the context is created. */
  private static final class RebuildMode
      implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
      ConfigurableEnvironment environment = event.getEnvironment();
      if (isRequested(environment)) {
        environment
            .getPropertySources()
            .addFirst(
                new MapPropertySource(
                    "crescendo-rebuild-mode",
                    Map.of(
                        "spring.main.web-application-type", "none",
                        "crescendo.consumer.enabled", "false")));
      }
    }
  }
}
