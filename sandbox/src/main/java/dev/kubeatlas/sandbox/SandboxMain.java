package dev.kubeatlas.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox cluster as a process: {@code java -jar kubeatlas-sandbox.jar [--host H] [--port P]
 * [--kubeconfig FILE] [--no-seed] [--pods N] [--scale-nodes N]}. Writes a kubeconfig for it when asked and serves until stopped.
 * {@code --pods N} adds N running pods in namespace {@code bench}, for benchmarks; with {@code --scale-nodes N} the
 * cluster-wide lists of nodes, pods and their metrics answer with that many of each instead (for the metrics
 * benchmark, which only lists).
 */
public final class SandboxMain {

    public static void main(String[] args) throws IOException, InterruptedException {
        String host = "127.0.0.1";
        int port = 6443;
        Path kubeconfig = null;
        boolean seed = true;
        int pods = 0;
        int nodes = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--kubeconfig" -> kubeconfig = Path.of(args[++i]);
                case "--no-seed" -> seed = false;
                case "--pods" -> pods = Integer.parseInt(args[++i]);
                case "--scale-nodes" -> nodes = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: kubeatlas-sandbox [--host H] [--port P] [--kubeconfig FILE] [--no-seed] [--pods N] [--scale-nodes N]");
                    System.exit(2);
                }
            }
        }
        SandboxCluster sandbox = SandboxCluster.start(host, port);
        if (seed) {
            sandbox.seedDemoShop();
        }
        if (nodes > 0) {
            long start = System.nanoTime();
            sandbox.serveAtScale(nodes, pods);
            System.out.printf("Serving %d nodes and %d pods with their metrics in %.1f s%n", nodes, pods,
                    (System.nanoTime() - start) / 1e9);
        } else if (pods > 0) {
            long start = System.nanoTime();
            sandbox.seedBenchPods(pods);
            System.out.printf("Created %d pods in namespace bench in %.1f s%n", pods, (System.nanoTime() - start) / 1e9);
        }
        if (kubeconfig != null) {
            Files.writeString(kubeconfig, sandbox.kubeconfig("sandbox", "sandbox-token-not-checked"));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }));
        System.out.println("Sandbox cluster (simulated) serving at " + sandbox.url());
        stopped.await();
    }

    private SandboxMain() {
    }
}
