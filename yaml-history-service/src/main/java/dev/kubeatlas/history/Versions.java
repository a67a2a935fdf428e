package dev.kubeatlas.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.history.diff.StoredManifest;
import dev.kubeatlas.history.model.ResourceVersion;
import dev.kubeatlas.history.model.TrackedResource;
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
        return ResourceVersion.<ResourceVersion>find("trackedId = ?1 and number <= ?2 and manifest is not null",
                        Sort.descending("number"), t.id, number).firstResult()
                .map(v -> {
                    if (v == null) {
                        throw ProblemException.notFound("version-not-found", "Version not found",
                                "No version " + number + " of " + t.resource + " " + t.namespace + "/" + t.name);
                    }
                    return StoredManifest.decompress(v.manifest);
                });
    }

    private Versions() {
    }
}
