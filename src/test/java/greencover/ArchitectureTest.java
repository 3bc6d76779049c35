package greencover;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import greencover.app.AppConfig;
import greencover.http.GreenCoverServer;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layers of README "Architecture": {@code core} is a pure library; {@code service} and {@code store}
 * (outside {@code store.jdbc}) speak no HTTP, JSON or SQL; {@code http} reaches storage only through the
 * services; {@code cli} builds everything through {@code app} and starts {@link GreenCoverServer}; no package
 * cycles; and only {@link AppConfig} reads the environment.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("greencover");

    @Test
    void coreImportsNoHttpNoDatabaseNoJsonAndNothingAboveIt() {
        noClasses().that().resideInAPackage("greencover.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "java.sql..", "com.fasterxml..",
                        "greencover.app..", "greencover.domain..", "greencover.store..",
                        "greencover.service..", "greencover.http..", "greencover.cli..")
                .check(MAIN);
    }

    @Test
    void serviceAndStoreImportNoJavalinAndNothingAboveThem() {
        noClasses().that().resideInAnyPackage("greencover.service..", "greencover.store..", "greencover.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "greencover.http..", "greencover.cli..",
                        "greencover.app..")
                .check(MAIN);
    }

    @Test
    void storeDoesNotDependOnServices() {
        noClasses().that().resideInAPackage("greencover.store..")
                .should().dependOnClassesThat().resideInAnyPackage("greencover.service..")
                .check(MAIN);
    }

    @Test
    void serviceAndStoreOutsideJdbcImportNoJsonLibrary() {
        noClasses().that().resideInAnyPackage("greencover.service..", "greencover.store..", "greencover.domain..")
                .and().resideOutsideOfPackage("greencover.store.jdbc..")
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml..")
                .check(MAIN);
    }

    @Test
    void serviceAndStoreOutsideJdbcImportNoJdbc() {
        noClasses().that().resideInAnyPackage("greencover.service..", "greencover.store..", "greencover.domain..")
                .and().resideOutsideOfPackage("greencover.store.jdbc..")
                .should().dependOnClassesThat().resideInAPackage("java.sql..")
                .check(MAIN);
    }

    @Test
    void appSpeaksNoHttp() {
        noClasses().that().resideInAPackage("greencover.app..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "greencover.http..", "greencover.cli..")
                .check(MAIN);
    }

    @Test
    void httpReachesStorageOnlyThroughTheServices() {
        noClasses().that().resideInAPackage("greencover.http..")
                .should().dependOnClassesThat().resideInAPackage("greencover.store..")
                .check(MAIN);
    }

    @Test
    void cliUsesAppAndOnlyTheServerOfHttp() {
        noClasses().that().resideInAPackage("greencover.cli..")
                .should().dependOnClassesThat(resideInAPackage("greencover.http..").and(not(equivalentTo(GreenCoverServer.class))))
                .orShould().dependOnClassesThat().resideInAPackage("greencover.store..")
                .check(MAIN);
    }

    @Test
    void topLevelPackagesAreFreeOfCycles() {
        slices().matching("greencover.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void subpackagesAreFreeOfCycles() {
        slices().matching("greencover.core.(*)..").should().beFreeOfCycles().check(MAIN);
        slices().matching("greencover.service.(*)..").should().beFreeOfCycles().check(MAIN);
        slices().matching("greencover.store.(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(MAIN);
        slices().matching("greencover.http.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void noAmbientState() {
        noClasses().that().resideInAnyPackage("greencover.core..", "greencover.service..")
                .should().dependOnClassesThat().areAssignableTo(ThreadLocal.class)
                .because("working state is owned by an instance and checked out explicitly (RenderScratch.Pool, PngEncoder)")
                .check(MAIN);
        fields().that().areStatic().should().beFinal().check(MAIN);
        noFields().that().areStatic().should().haveRawType(ThreadLocal.class)
                .orShould().haveRawType(java.util.concurrent.ConcurrentHashMap.class)
                .because("caches and per-thread state belong to an instance wired in app.Services")
                .check(MAIN);
    }

    @Test
    void onlyAppConfigReadsTheEnvironment() {
        noClasses().that().doNotBelongToAnyOf(AppConfig.class)
                .should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .check(MAIN);
    }
}
