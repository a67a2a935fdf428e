package dev.kubeatlas.metrics.prometheus;

import dev.kubeatlas.metrics.Parameters;
import dev.kubeatlas.support.names.KubeNames;
import dev.kubeatlas.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Where a cluster's Prometheus answers (a Service, reached through the API server's proxy), and how it was found. */
@Entity
@Table(name = "prometheus_endpoint")
public class PrometheusEndpoint extends PanacheEntityBase {

    public static final String DISCOVERED = "discovered";
    public static final String MANUAL = "manual";

    public static final String DETECTING = "detecting";
    public static final String FOUND = "found";
    public static final String NOT_FOUND = "not-found";
    public static final String UNREACHABLE = "unreachable";

    @Id
    public String cluster;

    /** {@link #DISCOVERED} or {@link #MANUAL}. */
    @Column(nullable = false)
    public String source;

    @Column(nullable = false)
    public String status;

    public String namespace;
    public String service;
    /** A port number or name. */
    public String port;
    /** {@code http} or {@code https}. */
    public String scheme;
    public String version;
    public String detail;

    @Column(name = "checked_at", nullable = false)
    public Instant checkedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    /**
     * The API server path that proxies to it, each part checked (a Kubernetes name, a port) and encoded as a path
     * segment: no stored value can point the request at another path of the API server.
     */
    public String proxyPath() {
        if (!KubeNames.isLabel(namespace) || !Parameters.isService(service) || !Parameters.isPort(port)
                || !("http".equals(scheme) || "https".equals(scheme))) {
            throw ProblemException.unprocessable("prometheus-endpoint-invalid", "Prometheus endpoint invalid",
                    "The cluster's Prometheus endpoint is not a valid namespace, Service and port; set it again");
        }
        return "/api/v1/namespaces/" + KubeNames.segment(namespace) + "/services/" + KubeNames.segment(scheme) + ":"
                + KubeNames.segment(service) + ":" + KubeNames.segment(port) + "/proxy";
    }
}
