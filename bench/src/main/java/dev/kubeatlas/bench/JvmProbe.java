package dev.kubeatlas.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a running service's JVM costs: heap in use after a full GC (jcmd), resident memory, start time from its log. */
final class JvmProbe {

    /** A heap space line of {@code jcmd PID GC.heap_info}: "def new generation   total 4928K, used 1234K [...". */
    private static final Pattern HEAP_SPACE = Pattern.compile("total \\d+K, used (\\d+)K");
    private static final Pattern STARTED = Pattern.compile(" started in ([0-9.]+)s");
    private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB");

    /** Heap in use after a full GC, MB: the generations (or regions) of the heap; metaspace is not heap. */
    static double heapUsedMb(long pid) {
        jcmd(pid, "GC.run");
        sleep(2000);
        return heapUsedKb(jcmd(pid, "GC.heap_info")) / 1024.0;
    }

    static long heapUsedKb(String heapInfo) {
        long kb = 0;
        int spaces = 0;
        for (String line : heapInfo.split("\n")) {
            Matcher m = HEAP_SPACE.matcher(line);
            if (m.find() && !line.contains("Metaspace") && !line.contains("class space")) {
                kb += Long.parseLong(m.group(1));
                spaces++;
            }
        }
        if (spaces == 0) {
            throw new BenchFailure("Cannot read the heap from jcmd GC.heap_info:\n" + heapInfo);
        }
        return kb;
    }

    /** Resident set of a process, MB (VmRSS, as ps shows it). */
    static double rssMb(long pid) {
        try {
            return rssKb(Files.readString(Path.of("/proc", String.valueOf(pid), "status"))) / 1024.0;
        } catch (IOException e) {
            throw new BenchFailure("Cannot read the memory of process " + pid, e);
        }
    }

    static long rssKb(String procStatus) {
        Matcher m = VM_RSS.matcher(procStatus);
        if (!m.find()) {
            throw new BenchFailure("No VmRSS in /proc/PID/status");
        }
        return Long.parseLong(m.group(1));
    }

    /** The start time Quarkus logs last ("... started in 5.712s. Listening on ..."), in seconds. */
    static OptionalDouble startSeconds(String log) {
        Matcher m = STARTED.matcher(log);
        OptionalDouble last = OptionalDouble.empty();
        while (m.find()) {
            last = OptionalDouble.of(Double.parseDouble(m.group(1)));
        }
        return last;
    }

    /** jcmd of the JDK running the benchmarks. */
    static Path jcmdPath() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd");
    }

    static void requireJcmd() {
        if (!Files.isExecutable(jcmdPath())) {
            throw new BenchFailure("jcmd (from the JDK) is needed to read the heap; " + jcmdPath() + " is not there");
        }
    }

    static String jcmd(long pid, String command) {
        ProcessBuilder pb = new ProcessBuilder(jcmdPath().toString(), String.valueOf(pid), command).redirectErrorStream(true);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new BenchFailure("jcmd " + pid + " " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new BenchFailure("jcmd (from the JDK) is needed to read the heap", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("Interrupted", e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("Interrupted", e);
        }
    }

    private JvmProbe() {
    }
}
