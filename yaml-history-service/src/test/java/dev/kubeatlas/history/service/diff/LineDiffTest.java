package dev.kubeatlas.history.service.diff;

import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LineDiffTest {

    @Test
    void identicalTextsHaveNoDiff() {
        assertThat(LineDiff.unified("a", "x\ny\n", "b", "x\ny\n")).isEmpty();
    }

    @Test
    void aChangedLineIsOneHunkWithContext() {
        String from = IntStream.rangeClosed(1, 10).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n"));
        String to = from.replace("line 5\n", "line five\n");
        assertThat(LineDiff.unified("v1", from, "v2", to)).isEqualTo("""
                --- v1
                +++ v2
                @@ -2,7 +2,7 @@
                 line 2
                 line 3
                 line 4
                -line 5
                +line five
                 line 6
                 line 7
                 line 8
                """);
    }

    @Test
    void insertionsAndDeletionsAtTheEdges() {
        String diff = LineDiff.unified("a", "b\nc\n", "b", "a\nb\n");
        assertThat(diff).contains("+a\n").contains("-c\n").contains("@@ -1,2 +1,2 @@");
    }

    @Test
    void twoFiveThousandLineManifestsDiffInOnePass() {
        String from = IntStream.range(0, 5000).mapToObj(i -> "  key" + i + ": value" + i).collect(Collectors.joining("\n", "", "\n"));
        String to = from.replace("key100: value100", "key100: changed").replace("key4000: value4000", "key4000: changed");
        String diff = LineDiff.unified("a", from, "b", to);
        assertThat(diff.lines().filter(l -> l.startsWith("@@"))).hasSize(2);
        assertThat(diff).contains("-  key100: value100").contains("+  key4000: changed");
    }
}
