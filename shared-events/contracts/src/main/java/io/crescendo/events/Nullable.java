package io.crescendo.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of a public event that may be {@code null} in the JSON payload. Every other
 * component is always present and never null. The AsyncAPI document describes a nullable property
 * as {@code type: [<type>, 'null']}, and a test keeps the two in step.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Nullable {}
