package dev.kubeatlas.history.service;

import dev.kubeatlas.history.model.ResourceVersion;
import dev.kubeatlas.history.model.TrackedResource;
import dev.kubeatlas.history.model.VersionTag;
import dev.kubeatlas.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Names for versions of a resource ({@code release-2026-11}), unique per resource. */
@ApplicationScoped
public class TagService {

    /** A resource with a version of the tag asked for. */
    public record Tagged(TrackedResource resource, int version) {
    }

    /** Names version {@code version}; 404 when it is not kept, 409 when the tag names another one already. */
    public Uni<VersionTag> tag(HistoryService.ResourceKey key, String tag, int version, String actor) {
        return Panache.withTransaction(() -> HistoryService.tracked(key).chain(t ->
                ResourceVersion.count("trackedId = ?1 and number = ?2", t.id, version).chain(exists -> {
                    if (exists == 0) {
                        throw ProblemException.notFound("version-not-found", "Version not found",
                                "No version " + version + " (it may have been removed by retention)");
                    }
                    return VersionTag.<VersionTag>findById(new VersionTag.Key(t.id, tag));
                }).chain(existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("tag-exists", "Tag exists", "'" + tag
                                + "' already names version " + existing.number + "; delete it first");
                    }
                    VersionTag created = new VersionTag();
                    created.trackedId = t.id;
                    created.tag = tag;
                    created.number = version;
                    created.createdBy = actor;
                    created.createdAt = Instant.now();
                    return created.<VersionTag>persist();
                })));
    }

    /** The resource's tags by name. */
    public Uni<List<VersionTag>> tags(HistoryService.ResourceKey key) {
        return Panache.withSession(() -> HistoryService.tracked(key)
                .chain(t -> VersionTag.<VersionTag>list("trackedId", Sort.by("tag"), t.id)));
    }

    /** Removes the tag; 404 when the resource has none of that name. */
    public Uni<Void> untag(HistoryService.ResourceKey key, String tag) {
        return Panache.withTransaction(() -> HistoryService.tracked(key)
                .chain(t -> VersionTag.deleteById(new VersionTag.Key(t.id, tag))))
                .invoke(deleted -> {
                    if (!deleted) {
                        throw ProblemException.notFound("tag-not-found", "Tag not found", "No tag '" + tag + "'");
                    }
                }).replaceWithVoid();
    }

    /** Every resource of the cluster with a version of that tag. */
    public Uni<List<Tagged>> find(String cluster, String tag) {
        return Panache.withSession(() -> VersionTag.<VersionTag>list("tag", tag).chain(tags -> {
            if (tags.isEmpty()) {
                return Uni.createFrom().item(List.<Tagged>of());
            }
            Map<Long, VersionTag> byTracked = tags.stream().collect(Collectors.toMap(t -> t.trackedId, t -> t));
            return TrackedResource.<TrackedResource>list("cluster = ?1 and id in ?2", cluster, byTracked.keySet())
                    .map(resources -> resources.stream().map(r -> new Tagged(r, byTracked.get(r.id).number)).toList());
        }));
    }
}
