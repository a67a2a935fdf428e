package dev.kubeatlas.workload.service;

import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.security.Roles;
import dev.kubeatlas.workload.kube.ApiResourceType;

import java.util.Set;

/**
 * Who may change what: operators change namespaced resources; admins also change cluster-scoped ones (nodes,
 * CRDs, namespaces, taints) and quotas. Reading is for every platform role and for services; revealing Secret values is for admins and
 * services (scheduled backups).
 */
public final class Access {

    /** Namespaced, yet admin-only: they bound what every team in the namespace may use. */
    static final Set<String> ADMIN_ONLY = Set.of("resourcequotas", "limitranges");

    public static void requireWrite(Caller caller, ApiResourceType type) {
        boolean adminOnly = !type.namespaced() || (type.group().isEmpty() && ADMIN_ONLY.contains(type.plural()));
        if (adminOnly ? !caller.isAdmin() : !caller.mayOperate()) {
            throw ProblemException.forbidden("role-required", "Not allowed",
                    (adminOnly ? "Changing " + type.qualifiedName() + " needs the admin role"
                            : "Changing " + type.qualifiedName() + " needs the operator or admin role"));
        }
    }

    /** Admins, and KubeAtlas services (scheduled backups). */
    public static void requireReveal(Caller caller) {
        if (!mayReveal(caller)) {
            throw ProblemException.forbidden("role-required", "Not allowed", "Revealing Secret values needs the admin role");
        }
    }

    public static boolean mayReveal(Caller caller) {
        return caller.isAdmin() || caller.roles().contains(Roles.SERVICE);
    }

    private Access() {
    }
}
