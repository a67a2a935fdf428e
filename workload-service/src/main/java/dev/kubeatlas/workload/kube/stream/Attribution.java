package dev.kubeatlas.workload.kube.stream;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who made the changes that went through KubeAtlas, so the change stream can name the user instead of
 * {@code external}: a successful mutation remembers the object's new resourceVersion (or, for a deletion, its uid)
 * for a minute; the watch event carrying that version is attributed to the user.
 */
@ApplicationScoped
public class Attribution {

    static final Duration KEEP = Duration.ofMinutes(1);

    private record Mark(String actor, Instant until) {
    }

    private final Map<String, Mark> marks = new ConcurrentHashMap<>();

    public void changed(String cluster, String uid, String resourceVersion, String actor) {
        if (uid != null && resourceVersion != null) {
            put(cluster + "/" + uid + "@" + resourceVersion, actor);
        }
    }

    public void deleted(String cluster, String uid, String actor) {
        if (uid != null) {
            put(cluster + "/" + uid + "@deleted", actor);
        }
    }

    /** The user behind this version of the object, if it was changed through KubeAtlas. */
    public Optional<String> actorOf(String cluster, String uid, String resourceVersion, boolean deletion) {
        String key = cluster + "/" + uid + "@" + (deletion ? "deleted" : resourceVersion);
        Mark mark = marks.remove(key);
        return mark != null && mark.until().isAfter(Instant.now()) ? Optional.of(mark.actor()) : Optional.empty();
    }

    private void put(String key, String actor) {
        Instant now = Instant.now();
        if (marks.size() > 10_000) {
            marks.values().removeIf(m -> m.until().isBefore(now));
        }
        marks.put(key, new Mark(actor, now.plus(KEEP)));
    }
}
