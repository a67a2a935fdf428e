package dev.kubeatlas.support.rest;

import dev.kubeatlas.support.problem.ProblemException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Path and query parameters against the types their endpoint declares, checked before the endpoint runs so that a
 * value that does not convert is a 400 naming the parameter (JAX-RS itself answers 404, and reads any word but
 * {@code true} as {@code false}: {@code ?dryRun=yes} would change the cluster).
 */
public final class ParameterTypes {

    /** 400 naming the first parameter whose value is not of its declared type. */
    public static void require(SimpleResourceInfo resource, UriInfo uri) {
        String problem = describe(resource, uri);
        if (problem != null) {
            throw ProblemException.badRequest("invalid-parameter", problem);
        }
    }

    /** What is wrong with the request's parameters, or null when every one converts. */
    public static String describe(SimpleResourceInfo resource, UriInfo uri) {
        if (resource == null || resource.getResourceClass() == null) {
            return null;
        }
        Optional<Method> method = Arrays.stream(resource.getResourceClass().getMethods())
                .filter(m -> m.getName().equals(resource.getMethodName())
                        && Arrays.equals(m.getParameterTypes(), resource.parameterTypes()))
                .findFirst();
        if (method.isEmpty()) {
            return null;
        }
        for (Parameter p : method.get().getParameters()) {
            String query = queryName(p);
            String path = pathName(p);
            String name = query != null ? query : path;
            if (name == null) {
                continue;
            }
            List<String> values = query != null ? uri.getQueryParameters(true).get(name) : uri.getPathParameters(true).get(name);
            if (values == null) {
                continue;
            }
            for (String value : values) {
                if (!converts(p.getType(), value)) {
                    return (query != null ? "Query" : "Path") + " parameter '" + name + "' must be " + expected(p.getType());
                }
            }
        }
        return null;
    }

    private static String queryName(Parameter p) {
        RestQuery rest = p.getAnnotation(RestQuery.class);
        if (rest != null) {
            return rest.value().isEmpty() ? p.getName() : rest.value();
        }
        QueryParam query = p.getAnnotation(QueryParam.class);
        return query == null ? null : query.value();
    }

    private static String pathName(Parameter p) {
        RestPath rest = p.getAnnotation(RestPath.class);
        if (rest != null) {
            return rest.value().isEmpty() ? p.getName() : rest.value();
        }
        PathParam path = p.getAnnotation(PathParam.class);
        return path == null ? null : path.value();
    }

    static boolean converts(Class<?> type, String value) {
        try {
            if (type == int.class || type == Integer.class) {
                Integer.parseInt(value);
            } else if (type == long.class || type == Long.class) {
                Long.parseLong(value);
            } else if (type == double.class || type == Double.class) {
                Double.parseDouble(value);
            } else if (type == boolean.class || type == Boolean.class) {
                return value.isEmpty() || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
            } else if (type == Instant.class) {
                Instant.parse(value);
            } else if (type == OffsetDateTime.class) {
                OffsetDateTime.parse(value);
            } else if (type == Duration.class) {
                Duration.parse(value);
            } else if (type == UUID.class) {
                UUID.fromString(value);
            } else if (type.isEnum()) {
                return Arrays.stream(type.getEnumConstants()).anyMatch(c -> c.toString().equalsIgnoreCase(value));
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == Instant.class || type == OffsetDateTime.class) {
            return "a time in RFC 3339 form, e.g. 2026-01-31T12:00:00Z";
        }
        if (type == Duration.class) {
            return "an ISO-8601 duration, e.g. PT5M";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> c.toString().toLowerCase(Locale.ROOT)).toList();
        }
        return "a " + type.getSimpleName();
    }

    private ParameterTypes() {
    }
}
