package dev.kubeatlas.bench;

import java.util.List;

/**
 * yaml-history-service: the change stream at {@code rate}/s for {@code seconds} into the running service (after a
 * warm-up), then the diff of two 5,000-line manifests.
 */
final class HistoryScenario {

    record Options(int rate, int seconds) {

        static Options parse(List<String> args) {
            Args.atMost(args, 2, "history");
            return new Options(Args.count(args, 0, 1200, "rate"), Args.count(args, 1, 30, "seconds"));
        }
    }

    private final Stack stack;

    HistoryScenario(Stack stack) {
        this.stack = stack;
    }

    void run(Options o) throws Exception {
        stack.requireRunning("yaml-history-service");
        Out.say("Ingest: the change stream at " + o.rate() + "/s for " + o.seconds() + " s into the running yaml-history-service");
        HistoryBench.ingest(stack.kafkaBootstrap(), stack::database, o.rate(), o.seconds(), 500);
        Out.say("Diff: two 5,000-line manifests");
        DiffBench.run(5000, 50, 300);
    }
}
