package dev.kubeatlas.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox cluster as a process: {@code java -jar kubeatlas-sandbox.jar [--host H] [--port P]
 * [--kubeconfig FILE] [--no-seed]}. Writes a kubeconfig for it when asked and serves until stopped.
 */
public final class SandboxMain {

    public static void main(String[] args) throws IOException, InterruptedException {
        String host = "127.0.0.1";
        int port = 6443;
        Path kubeconfig = null;
        boolean seed = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--kubeconfig" -> kubeconfig = Path.of(args[++i]);
                case "--no-seed" -> seed = false;
                default -> {
                    System.err.println("usage: kubeatlas-sandbox [--host H] [--port P] [--kubeconfig FILE] [--no-seed]");
                    System.exit(2);
                }
            }
        }
        SandboxCluster sandbox = SandboxCluster.start(host, port);
        if (seed) {
            sandbox.seedDemoShop();
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
