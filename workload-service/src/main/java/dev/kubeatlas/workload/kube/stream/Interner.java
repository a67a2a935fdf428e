package dev.kubeatlas.workload.kube.stream;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One shared instance per equal string, for strings still referenced somewhere: entries go when no cached object
 * uses the string any more, so unique values (pod IPs, timestamps) do not accumulate.
 */
final class Interner {

    private final Map<String, WeakReference<String>> strings = new WeakHashMap<>();

    synchronized String intern(String value) {
        WeakReference<String> ref = strings.get(value);
        String shared = ref == null ? null : ref.get();
        if (shared != null) {
            return shared;
        }
        strings.put(value, new WeakReference<>(value));
        return value;
    }
}
