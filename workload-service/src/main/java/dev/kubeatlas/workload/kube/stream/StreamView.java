package dev.kubeatlas.workload.kube.stream;

import java.time.Instant;

/**
 * One published kind of a cluster's change stream.
 *
 * @param state               {@code watching}, {@code relisting} (listing, or reconnecting its watch) or
 *                            {@code failed} (the API server refused the kind, or its informer stopped)
 * @param lastEventAt         when the last notification for the kind arrived, null before the first
 * @param lastResourceVersion the resourceVersion of that notification
 * @param eventsPublished     events published on {@code kubeatlas.resource.changes} since the watch started
 * @param errors              recordings that failed or timed out (each is retried by the watchdog's relist)
 * @param pending             recordings of the kind waiting in the cluster's pipeline
 * @param overdue             recordings the pipeline stopped waiting for (after the work timeout) that still run in
 *                            the database; each finishes or fails on its own, and is never cut off mid-transaction
 * @param relists             relists the watchdog started because the stream had missed changes or its watch
 *                            was closed
 * @param lastCheckAt         the watchdog's last comparison of the kind with a LIST
 */
public record StreamView(String cluster, String kind, String state, Instant lastEventAt, String lastResourceVersion,
                         long eventsPublished, long errors, long pending, long overdue, long relists, Instant lastCheckAt) {
}
