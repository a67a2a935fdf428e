package dev.kubeatlas.support.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** Every list response: {@code {"items": [...], "continue": "..."}}; {@code continue} only when there is more. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Items<T>(List<T> items, @com.fasterxml.jackson.annotation.JsonProperty("continue") String continueToken) {

    public static <T> Items<T> of(List<T> items) {
        return new Items<>(items, null);
    }
}
