package dev.kubeatlas.cluster.service;

import dev.kubeatlas.support.crypto.KeyedCipher;
import dev.kubeatlas.cluster.model.Cluster;
import dev.kubeatlas.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Re-encrypts stored kubeconfigs with the active key. Rotation: add a new key, make it active, restart, rotate; once
 * no record uses the old key any more ({@code keysInUse}), remove it from the configuration.
 */
@ApplicationScoped
public class KeyRotation {

    private final KeyedCipher cipher;

    public KeyRotation(KeyedCipher cipher) {
        this.cipher = cipher;
    }

    @WithSession
    public Uni<EncryptionStatus> status() {
        return Cluster.<Cluster>listAll().map(all -> view(all, null, null));
    }

    /**
     * Re-encrypts, in one transaction, every kubeconfig sealed with another key than the active one. Those no
     * configured key opens stay as they are and are named in the answer.
     */
    public Uni<EncryptionStatus> rotate(String actor) {
        return DatabaseErrors.retryOnVersionConflict(() -> Panache.withTransaction(() -> Cluster.<Cluster>listAll().map(all -> {
            List<Cluster> stale = all.stream().filter(c -> !cipher.activeKeyId().equals(c.kubeconfigKeyId)).toList();
            List<String> undecryptable = new ArrayList<>();
            int done = 0;
            for (Cluster c : stale) {
                String kubeconfig;
                try {
                    kubeconfig = cipher.open(c.name, c.kubeconfig());
                } catch (IllegalStateException e) {
                    undecryptable.add(c.name);
                    continue;
                }
                c.kubeconfig(cipher.seal(c.name, kubeconfig));
                done++;
            }
            return view(all, done, undecryptable);
        })))
                .onFailure(DatabaseErrors::isVersionConflict).transform(e -> ProblemException.conflict("clusters-changed",
                        "Clusters changed meanwhile", "Clusters kept changing during the rotation; rotate again"))
                .invoke(v -> Log.infof("Encryption key rotation by %s: %d kubeconfigs re-encrypted with key %s",
                actor, v.reencrypted(), v.activeKeyId()));
    }

    private EncryptionStatus view(List<Cluster> all, Integer reencrypted, List<String> undecryptable) {
        Map<String, Long> inUse = all.stream()
                .collect(Collectors.groupingBy(c -> c.kubeconfigKeyId, TreeMap::new, Collectors.counting()));
        return new EncryptionStatus(cipher.activeKeyId(), new TreeSet<>(cipher.keyIds()), inUse, reencrypted, undecryptable);
    }
}
