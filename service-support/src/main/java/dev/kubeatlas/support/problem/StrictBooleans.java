package dev.kubeatlas.support.problem;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Boolean parameters are {@code true} or {@code false} (any case; empty is false). JAX-RS's own conversion reads
 * every other word, {@code ?dryRun=yes} included, as false: a caller asking for a dry run would change the cluster.
 */
@Provider
public class StrictBooleans implements ParamConverterProvider {

    static Boolean parse(String value) {
        if (value == null || value.isEmpty() || value.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        return value.equalsIgnoreCase("true") ? Boolean.TRUE : null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != Boolean.class && rawType != boolean.class) {
            return null;
        }
        return (ParamConverter<T>) new ParamConverter<Boolean>() {
            @Override
            public Boolean fromString(String value) {
                Boolean parsed = parse(value);
                if (parsed == null) {
                    throw new IllegalArgumentException("not a boolean");
                }
                return parsed;
            }

            @Override
            public String toString(Boolean value) {
                return value.toString();
            }
        };
    }
}
