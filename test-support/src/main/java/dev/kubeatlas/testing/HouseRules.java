package dev.kubeatlas.testing;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;

import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layout every service follows, as rules a test of each service checks against its own classes
 * ({@code HouseRules.check("dev.kubeatlas.cluster")}):
 * <ul>
 *   <li>every class lives in one of {@code rest} (HTTP and WebSocket edges, {@code rest.dto} records),
 *       {@code service} (use cases, transactions), {@code kube} (the Kubernetes client), {@code model} (entities),
 *       {@code events} (publishing and consuming) or {@code config} (the service's {@code @ConfigMapping}), or a
 *       feature package below one of them;</li>
 *   <li>{@code rest} uses neither Hibernate/Panache nor fabric8: it calls the service layer;</li>
 *   <li>only {@code kube} imports fabric8;</li>
 *   <li>{@code service}, {@code kube}, {@code model} and {@code events} never depend on {@code rest}
 *       (a use case does not know the HTTP shapes);</li>
 *   <li>{@code model} depends on nothing of the service but itself.</li>
 * </ul>
 */
public final class HouseRules {

    /** The top-level packages a service may have. */
    public static final Set<String> LAYERS = Set.of("rest", "service", "kube", "model", "events", "config");

    private HouseRules() {
    }

    /** Imports the service's main classes (not its tests) under {@code basePackage} and checks every rule. */
    public static void check(String basePackage) {
        JavaClasses imported = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(basePackage);
        if (imported.isEmpty()) {
            throw new AssertionError("No classes found under " + basePackage);
        }
        StringBuilder failures = new StringBuilder();
        for (ArchRule rule : rules(basePackage)) {
            EvaluationResult result = rule.evaluate(imported);
            if (result.hasViolation()) {
                failures.append(result.getFailureReport()).append('\n');
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.toString());
        }
    }

    /**
     * The rules, for a service whose classes live under {@code basePackage}. A rule about a layer the service does not
     * have yet (ai-service has no {@code rest} classes so far) holds trivially.
     */
    public static List<ArchRule> rules(String basePackage) {
        String base = basePackage + ".";
        String rest = basePackage + ".rest..";
        String service = basePackage + ".service..";
        String kube = basePackage + ".kube..";
        String model = basePackage + ".model..";
        String events = basePackage + ".events..";
        return List.of(
                classes().that(generated().negate()).should(liveInALayer(base))
                        .as("every class of " + basePackage + " lives in one of " + LAYERS),
                noClasses().that().resideInAPackage(rest).should().dependOnClassesThat()
                        .resideInAnyPackage("org.hibernate..", "io.quarkus.hibernate..", "io.fabric8..")
                        .as("rest uses neither Hibernate/Panache nor fabric8").allowEmptyShould(true),
                noClasses().that().resideOutsideOfPackage(kube).and().resideInAPackage(basePackage + "..")
                        .should().dependOnClassesThat().resideInAPackage("io.fabric8..")
                        .as("only kube imports fabric8").allowEmptyShould(true),
                noClasses().that().resideInAnyPackage(service, kube, model, events)
                        .should().dependOnClassesThat().resideInAPackage(rest)
                        .as("service, kube, model and events never depend on rest").allowEmptyShould(true),
                noClasses().that().resideInAPackage(model)
                        .should().dependOnClassesThat().resideInAnyPackage(service, kube, events)
                        .as("model depends only on itself").allowEmptyShould(true));
    }

    private static com.tngtech.archunit.lang.ArchCondition<JavaClass> liveInALayer(String base) {
        return new com.tngtech.archunit.lang.ArchCondition<>("live in a layer package") {
            @Override
            public void check(JavaClass item, com.tngtech.archunit.lang.ConditionEvents events) {
                String pkg = item.getPackageName();
                String below = pkg.startsWith(base) ? pkg.substring(base.length()) : "";
                String layer = below.contains(".") ? below.substring(0, below.indexOf('.')) : below;
                if (!LAYERS.contains(layer)) {
                    events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(item,
                            item.getName() + " is in package " + pkg + ", not in one of " + LAYERS));
                }
            }
        };
    }

    /** Classes the build generates (Quarkus, Hibernate, MapStruct-style helpers) are not the authors' layout. */
    private static DescribedPredicate<JavaClass> generated() {
        return DescribedPredicate.describe("generated", c -> c.getSimpleName().contains("$$")
                || c.getSimpleName().endsWith("_") || c.getName().contains("_Subclass"));
    }
}
