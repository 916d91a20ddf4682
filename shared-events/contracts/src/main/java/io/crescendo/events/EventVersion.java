package io.crescendo.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Major version of a public event, the {@code v<n>} of its CloudEvents type. Absent means 1.
 *
 * <p>Changes inside a version are additive only; a breaking change is a new record carrying the
 * next major version (consumers keep an upcaster for the old one).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventVersion {
  int value();
}
