package dev.kubeatlas.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A data field added to an event type after the type was first published (fields are only ever added within a
 * version). The value is the number of the first frozen fixture of the type that carries it
 * ({@code events/src/test/resources/fixtures/<type>/<n>.json}); events published before may lack it, so readers
 * must accept its absence.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface AddedIn {

    /** The first frozen fixture that carries the field. */
    int value();
}
