package dev.kubeatlas.bench;

import java.util.Map;

/**
 * {@code ./kubeatlas bench [gateway|workload|history|metrics|fault-history] [ARGS]}: the benchmarks and fault tests of
 * the started stack. The launcher runs this with the stack's settings in the environment (see {@link Stack}); the
 * scenarios measure, call the services and print their figures, and ask the launcher to start, stop, restart or kill
 * processes.
 */
public final class Bench {

    public static void main(String[] argv) {
        int rc;
        try {
            run(Args.parse(argv), System.getenv());
            rc = 0;
        } catch (UsageException e) {
            System.err.println("kubeatlas: " + e.getMessage());
            System.err.println(Args.USAGE);
            rc = 2;
        } catch (BenchFailure e) {
            System.err.println("kubeatlas: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
            rc = 1;
        } catch (Exception e) {
            e.printStackTrace();
            rc = 1;
        }
        System.exit(rc); // Kafka and HTTP client threads would keep the JVM alive
    }

    /** A scenario with its arguments checked, ready to run against the stack. */
    interface Scenario {
        void run(Stack stack, Api api) throws Exception;
    }

    static void run(Args.Invocation invocation, Map<String, String> env) throws Exception {
        Scenario scenario = scenario(invocation, env); // the arguments are checked before anything is started or stopped
        Stack stack = new Stack(env);
        scenario.run(stack, new Api(stack.keycloakPort));
    }

    static Scenario scenario(Args.Invocation invocation, Map<String, String> env) {
        return switch (invocation.scenario()) {
            case "gateway" -> {
                GatewayScenario.Options o = GatewayScenario.Options.parse(invocation.args(), env);
                yield (stack, api) -> new GatewayScenario(stack, api).run(o);
            }
            case "workload" -> {
                WorkloadScenario.Options o = WorkloadScenario.Options.parse(invocation.args());
                yield (stack, api) -> new WorkloadScenario(stack, api).run(o);
            }
            case "history" -> {
                HistoryScenario.Options o = HistoryScenario.Options.parse(invocation.args());
                yield (stack, api) -> new HistoryScenario(stack).run(o);
            }
            case "metrics" -> {
                MetricsScenario.Options o = MetricsScenario.Options.parse(invocation.args());
                yield (stack, api) -> new MetricsScenario(stack).run(o);
            }
            case "fault-history" -> {
                FaultHistoryScenario.Options o = FaultHistoryScenario.Options.parse(invocation.args());
                yield (stack, api) -> new FaultHistoryScenario(stack, api).run(o);
            }
            default -> throw new UsageException("no benchmark '" + invocation.scenario() + "'");
        };
    }

    private Bench() {
    }
}
