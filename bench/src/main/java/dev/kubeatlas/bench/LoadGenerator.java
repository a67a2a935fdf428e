package dev.kubeatlas.bench;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A closed-loop HTTP load in the shape of {@code wrk -t2 -c16}: {@code threads} event loops, each owning its share
 * of {@code connections} keep-alive connections, each connection sending its next GET as soon as the previous answer
 * has been read, for {@code duration}. Every answer completed within the duration counts; its latency is the time
 * from sending to the last byte of the body. One generator measures every URL of a run, so paths are compared with
 * the same client.
 */
final class LoadGenerator implements AutoCloseable {

    record Shape(int threads, int connections, Duration duration) {

        Shape {
            if (threads < 1 || connections < threads || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("threads >= 1, connections >= threads, a positive duration");
            }
        }

        String describe() {
            return Out.f("%d threads x %d connections, %d s each", threads, connections, duration.toSeconds());
        }
    }

    /** Latencies (ms) of the 2xx answers; errors are other statuses and failed requests. */
    record Result(Stats latencyMs, long errors, double seconds) {

        double requestsPerSecond() {
            return latencyMs.count() / seconds;
        }
    }

    private final Shape shape;
    private final Vertx vertx;

    LoadGenerator(Shape shape) {
        this.shape = shape;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(shape.threads()).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
    }

    Result run(URI url, Map<String, String> headers) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        headers.forEach(h::add);
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(url.getHost())
                .setPort(url.getPort()).setURI(url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()))
                .setHeaders(h).setIdleTimeout(30_000);
        CountDownLatch done = new CountDownLatch(shape.connections());
        long start = System.nanoTime();
        long end = start + shape.duration().toNanos();
        List<Loop> loops = new ArrayList<>();
        for (int t = 0; t < shape.threads(); t++) {
            int connections = shape.connections() / shape.threads() + (t < shape.connections() % shape.threads() ? 1 : 0);
            Context context = vertx.getOrCreateContext(); // a new context on the next event loop, each call
            Loop loop = new Loop(context, request, connections, end, done);
            loops.add(loop);
            context.runOnContext(v -> loop.start());
        }
        try {
            if (!done.await(shape.duration().toSeconds() + 60, TimeUnit.SECONDS)) {
                throw new BenchFailure("The load run against " + url + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("Interrupted", e);
        }
        double seconds = (end - start) / 1e9;
        long[] all = new long[loops.stream().mapToInt(l -> l.count).sum()];
        int n = 0;
        long errors = 0;
        for (Loop loop : loops) {
            System.arraycopy(loop.latencies, 0, all, n, loop.count);
            n += loop.count;
            errors += loop.errors;
            loop.client.close();
        }
        return new Result(Stats.millisOfNanos(all, n), errors, seconds);
    }

    /** The connections of one event loop; touched only on that loop's thread until {@code done} counts down. */
    private final class Loop {
        final Context context;
        final RequestOptions request;
        final int connections;
        final long end;
        final CountDownLatch done;
        HttpClient client;
        long[] latencies = new long[1 << 14];
        int count;
        long errors;

        Loop(Context context, RequestOptions request, int connections, long end, CountDownLatch done) {
            this.context = context;
            this.request = request;
            this.connections = connections;
            this.end = end;
            this.done = done;
        }

        void start() {
            client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false)
                    .setConnectTimeout(10_000), new PoolOptions().setHttp1MaxSize(connections));
            for (int i = 0; i < connections; i++) {
                next();
            }
        }

        void next() {
            if (System.nanoTime() >= end) {
                done.countDown();
                return;
            }
            long t0 = System.nanoTime();
            client.request(request)
                    .compose(req -> req.send())
                    .compose(resp -> resp.body().map(body -> resp.statusCode()))
                    .onComplete(answer -> {
                        long t1 = System.nanoTime();
                        boolean ok = answer.succeeded() && answer.result() / 100 == 2;
                        if (t1 <= end) {
                            if (ok) {
                                record(t1 - t0);
                            } else {
                                errors++;
                            }
                        }
                        if (answer.succeeded()) {
                            next();
                        } else {
                            context.runOnContext(v -> next()); // never recurse on a connection that fails at once
                        }
                    });
        }

        void record(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }
}
