package io.crescendo.assignment;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Assignments of study groups and the members' submissions. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AssignmentServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(AssignmentServiceApplication.class, args);
  }
}
