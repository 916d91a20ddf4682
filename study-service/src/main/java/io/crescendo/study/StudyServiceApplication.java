package io.crescendo.study;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Study groups, their membership and join requests. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StudyServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(StudyServiceApplication.class, args);
  }
}
