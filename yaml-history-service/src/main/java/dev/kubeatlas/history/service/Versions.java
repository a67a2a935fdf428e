package dev.kubeatlas.history.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.history.model.ResourceVersion;
import dev.kubeatlas.history.model.TrackedResource;
import dev.kubeatlas.history.service.diff.StoredManifest;
import dev.kubeatlas.support.problem.ProblemException;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Reading a resource's versions: its latest one, and its content as of a version. */
public final class Versions {

    public static Uni<ResourceVersion> latest(TrackedResource tracked) {
        if (tracked.latestVersion == 0) {
            return Uni.createFrom().nullItem();
        }
        return ResourceVersion.find("trackedId = ?1 and number = ?2", tracked.id, tracked.latestVersion).firstResult();
    }

    /** The manifest as of version {@code number}: for a deletion, the content it deleted. 404 when none is kept. */
    public static Uni<JsonNode> content(TrackedResource t, int number) {
        if (number < 1 || number > t.latestVersion) {
            return Uni.createFrom().failure(notFound(t, number));
        }
        return ResourceVersion.<ResourceVersion>find("trackedId = ?1 and number <= ?2 and manifest is not null",
                        Sort.descending("number"), t.id, number).firstResult()
                .map(v -> {
                    if (v == null) {
                        throw notFound(t, number);
                    }
                    return StoredManifest.decompress(v.manifest);
                });
    }

    private static ProblemException notFound(TrackedResource t, int number) {
        return ProblemException.notFound("version-not-found", "Version not found", "No version " + number + " of "
                + t.resource + " " + t.namespace + "/" + t.name + "; its versions run from 1 to " + t.latestVersion);
    }

    private Versions() {
    }
}
