package dev.kubeatlas.metrics.service.collection;

import dev.kubeatlas.metrics.model.ClusterSnapshot;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How much each pod's restart count grew over the last window ({@code restarts.increase}): per pod, the counts as they
 * changed, only as far back as the window needs. A pod first seen with restarts already counts from there. Each
 * cluster is touched by one collection at a time.
 */
public final class RestartWindow {

    private final long windowSeconds;
    private final Map<String, Map<String, Deque<long[]>>> clusters = new ConcurrentHashMap<>();

    public RestartWindow(Duration window) {
        this.windowSeconds = window.toSeconds();
    }

    public List<Samples.Sample> increases(String cluster, ClusterSnapshot snapshot) {
        Map<String, Deque<long[]>> pods = clusters.computeIfAbsent(cluster, c -> new HashMap<>());
        long now = snapshot.at().getEpochSecond();
        long start = now - windowSeconds;
        Set<String> seen = new HashSet<>();
        List<Samples.Sample> samples = new ArrayList<>(snapshot.pods().size());
        for (ClusterSnapshot.PodStats pod : snapshot.pods()) {
            String target = "pod/" + pod.namespace() + "/" + pod.name();
            seen.add(target);
            Deque<long[]> changes = pods.computeIfAbsent(target, t -> new ArrayDeque<>(2));
            if (changes.isEmpty() || changes.peekLast()[1] != pod.restarts()) {
                changes.addLast(new long[]{now, pod.restarts()});
            }
            // the newest count at or before the window's start is the baseline; older ones are no longer needed
            while (changes.size() > 1 && secondTime(changes) <= start) {
                changes.removeFirst();
            }
            samples.add(new Samples.Sample(target, "restarts.increase", Math.max(0, pod.restarts() - changes.peekFirst()[1])));
        }
        pods.keySet().retainAll(seen);
        return samples;
    }

    void forget(String cluster) {
        clusters.remove(cluster);
    }

    private static long secondTime(Deque<long[]> changes) {
        var it = changes.iterator();
        it.next();
        return it.next()[0];
    }
}
