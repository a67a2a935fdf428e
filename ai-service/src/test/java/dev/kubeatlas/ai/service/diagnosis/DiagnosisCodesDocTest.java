package dev.kubeatlas.ai.service.diagnosis;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/diagnosis-codes.md} and the code agree: every catalogued code (with its analyzer and severity) is in
 * the doc and every row of the doc is catalogued, and every catalogued code is produced somewhere in the analyzers.
 */
class DiagnosisCodesDocTest {

    private static final Path DOC = Path.of("..", "docs", "diagnosis-codes.md");
    private static final Path MAIN = Path.of("src", "main", "java", "dev", "kubeatlas", "ai", "service", "diagnosis");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\| ([a-z-]+) \\| (critical|warning|info) \\|", Pattern.MULTILINE);

    @Test
    void docListsExactlyTheCataloguedCodes() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher m = ROW.matcher(Files.readString(DOC));
        while (m.find()) {
            documented.add(m.group(1) + " " + m.group(2) + " " + m.group(3));
        }
        Set<String> catalogued = Arrays.stream(DiagnosisCode.values())
                .map(c -> c.code() + " " + c.analyzer() + " " + c.severity().json())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).isEqualTo(catalogued);
    }

    @Test
    void everyCataloguedCodeIsUsedByAnAnalyzer() throws IOException {
        StringBuilder sources = new StringBuilder();
        try (Stream<Path> files = Files.walk(MAIN.resolve("analyzers"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.append(Files.readString(p));
            }
        }
        for (DiagnosisCode code : DiagnosisCode.values()) {
            assertThat(sources.toString()).as("an analyzer produces %s", code.code()).contains("DiagnosisCode." + code.name());
        }
    }
}
