package greencover;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the layers of DESIGN.md: core imports no Javalin, JDBC or Jackson; service no Javalin; nothing below http imports it. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("greencover");

    @Test
    void coreImportsNoHttpNoDatabaseNoJson() {
        noClasses().that().resideInAPackage("greencover.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "java.sql..", "com.fasterxml.jackson..",
                        "greencover.store..", "greencover.service..", "greencover.http..", "greencover.cli..")
                .check(MAIN);
    }

    @Test
    void serviceAndStoreImportNoJavalin() {
        noClasses().that().resideInAnyPackage("greencover.service..", "greencover.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "greencover.http..", "greencover.cli..")
                .check(MAIN);
    }

    @Test
    void storeDoesNotDependOnServices() {
        noClasses().that().resideInAPackage("greencover.store..")
                .should().dependOnClassesThat().resideInAnyPackage("greencover.service..")
                .check(MAIN);
    }
}
