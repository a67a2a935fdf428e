package dev.kubeatlas.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JvmProbeTest {

    static final String SERIAL = """
            28578:
             def new generation   total 116160K, used 18593K [0x0000000687400000, 0x000000068f200000, 0x0000000704d50000)
              eden space 103296K,  18% used [0x0000000687400000, 0x0000000688628688, 0x000000068d8e0000)
              from space 12864K,   0% used [0x000000068d8e0000, 0x000000068d8e0000, 0x000000068e570000)
              to   space 12864K,   0% used [0x000000068e570000, 0x000000068e570000, 0x000000068f200000)
             tenured generation   total 258048K, used 51200K [0x0000000704d50000, 0x0000000714950000, 0x0000000800000000)
               the space 258048K,  19% used [0x0000000704d50000, 0x0000000704d50000, 0x0000000704d50200, 0x0000000714950000)
             Metaspace       used 8934K, committed 9088K, reserved 1114112K
              class space    used 1062K, committed 1152K, reserved 1048576K
            """;

    static final String G1 = """
            28665:
             garbage-first heap   total 397312K, used 17946K [0x0000000687400000, 0x0000000800000000)
              region size 4096K, 4 young (16384K), 0 survivors (0K)
             Metaspace       used 8917K, committed 9088K, reserved 1114112K
              class space    used 1062K, committed 1152K, reserved 1048576K
            """;

    @Test
    void heapIsTheGenerationsNotMetaspace() {
        assertThat(JvmProbe.heapUsedKb(SERIAL)).isEqualTo(18593 + 51200);
        assertThat(JvmProbe.heapUsedKb(G1)).isEqualTo(17946);
    }

    @Test
    void anAnswerWithoutAHeapIsAFailure() {
        assertThatThrownBy(() -> JvmProbe.heapUsedKb("28578:\ncom.sun.tools.attach.AttachNotSupportedException"))
                .isInstanceOf(BenchFailure.class);
    }

    @Test
    void residentSetFromProcStatus() {
        assertThat(JvmProbe.rssKb("Name:\tjava\nVmPeak:\t 4000000 kB\nVmHWM:\t  300000 kB\nVmRSS:\t  245760 kB\nRssAnon:\t 1 kB\n"))
                .isEqualTo(245760);
    }

    @Test
    void theLastStartInTheLogCounts() {
        String log = """
                2026-11-01 08:00:00,000 INFO  [io.quarkus] (main) gateway 0.1.0-SNAPSHOT on JVM (powered by Quarkus 3.34.2) started in 2.301s. Listening on: http://127.0.0.1:8080
                2026-11-01 08:00:05,000 INFO  [io.quarkus] (Shutdown thread) gateway stopped in 0.020s
                2026-11-01 08:01:00,000 INFO  [io.quarkus] (main) gateway 0.1.0-SNAPSHOT on JVM (powered by Quarkus 3.34.2) started in 2.345s. Listening on: http://127.0.0.1:8080
                """;
        assertThat(JvmProbe.startSeconds(log)).hasValue(2.345);
        assertThat(JvmProbe.startSeconds("nothing yet")).isEmpty();
    }
}
