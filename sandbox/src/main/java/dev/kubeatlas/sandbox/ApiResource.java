package dev.kubeatlas.sandbox;

import java.util.List;

/** One row of API discovery: what {@code kubectl api-resources} prints. */
record ApiResource(String group, String version, String plural, String singular, String kind, boolean namespaced,
                   List<String> shortNames, List<String> verbs) {

    static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    static final List<String> READ_VERBS = List.of("get", "list", "watch");

    String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }
}
