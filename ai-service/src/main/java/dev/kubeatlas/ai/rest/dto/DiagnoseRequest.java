package dev.kubeatlas.ai.rest.dto;

/**
 * What to diagnose in a cluster: nothing for the whole cluster, a {@code namespace}, or one object by {@code resource}
 * (plural type) and {@code name} (with its namespace when namespaced). {@code explain} asks for a model's explanation.
 */
public record DiagnoseRequest(String namespace, String resource, String name, Boolean explain) {

    public static final DiagnoseRequest WHOLE_CLUSTER = new DiagnoseRequest(null, null, null, null);
}
