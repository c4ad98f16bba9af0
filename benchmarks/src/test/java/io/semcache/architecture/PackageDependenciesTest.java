package io.semcache.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lookup path reads API → core → spi → backend, one way. These rules run over the main
 * classes of every module (this module depends on all of them), so a new import that closes a
 * cycle or reaches into another module's internals fails the build here.
 */
class PackageDependenciesTest {

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar")
            && !location.contains("/test-classes/") && !location.contains("/jmh_generated/"))
        .importPackages("io.semcache");
  }

  /**
   * One cycle is allowed: the Milvus backend's internal package implements its public package,
   * reading the public {@code MilvusConfig} and throwing the public exceptions; the two are one
   * unit that nothing else sees inside.
   */
  @Test
  void noPackageCycles() {
    slices().assignedFrom(new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        return SliceIdentifier.of(javaClass.getPackageName());
      }

      @Override
      public String getDescription() {
        return "one slice per package";
      }
    }).should().beFreeOfCycles()
        .ignoreDependency(JavaClass.Predicates.resideInAPackage("io.semcache.milvus.internal"),
            JavaClass.Predicates.resideInAPackage("io.semcache.milvus"))
        .check(main);
  }

  @Test
  void eachLayerIsUsedOnlyByTheLayersAboveIt() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("api").definedBy("io.semcache")
        .layer("verify").definedBy("io.semcache.verify")
        .layer("config").definedBy("io.semcache.config")
        .layer("spi").definedBy("io.semcache.spi")
        .layer("core").definedBy("io.semcache.core")
        .layer("chat").definedBy("io.semcache.chat")
        .layer("transfer").definedBy("io.semcache.transfer")
        .layer("json").definedBy("io.semcache.json")
        .layer("backends").definedBy(
            "io.semcache.memory..", "io.semcache.milvus..", "io.semcache.embedding..")
        .layer("tools").definedBy("io.semcache.tools..", "io.semcache.benchmarks..")
        .whereLayer("tools").mayNotBeAccessedByAnyLayer()
        .whereLayer("backends").mayOnlyBeAccessedByLayers("tools")
        .whereLayer("core").mayOnlyBeAccessedByLayers("backends", "tools")
        .whereLayer("chat").mayOnlyBeAccessedByLayers("tools")
        .whereLayer("transfer").mayOnlyBeAccessedByLayers("tools")
        // The one JSON reader, shared by the two packages that read JSON text; internal.
        .whereLayer("json").mayOnlyBeAccessedByLayers("chat", "transfer", "tools")
        .whereLayer("spi").mayOnlyBeAccessedByLayers("core", "backends", "tools")
        .whereLayer("config").mayOnlyBeAccessedByLayers("spi", "core", "backends", "tools")
        .whereLayer("verify")
        .mayOnlyBeAccessedByLayers("config", "core", "backends", "tools")
        // A measurement tool of this module that sits in the memory package to read the
        // package-private weigher; it is not part of the backend's jar.
        .ignoreDependency(JavaClass.Predicates.simpleName("HeapPerEntry"),
            DescribedPredicate.alwaysTrue())
        .check(main);
  }

  @Test
  void theEngineIsPackagePrivateBehindItsBuilder() {
    classes().that().resideInAPackage("io.semcache.core").and().arePublic()
        .should().haveSimpleNameEndingWith("SemanticCacheBuilder")
        .orShould().haveSimpleName("SemanticCaches")
        .check(main);
  }

  @Test
  void backendInternalsStayInTheirModule() {
    // The benchmarks measure the index and the Milvus calls directly, so they are allowed in.
    noClasses().that().resideOutsideOfPackages("io.semcache.memory..", "io.semcache.benchmarks..")
        .should().dependOnClassesThat().resideInAPackage("io.semcache.memory.index..")
        .check(main);
    noClasses().that().resideOutsideOfPackages("io.semcache.milvus..", "io.semcache.benchmarks..")
        .should().dependOnClassesThat().resideInAPackage("io.semcache.milvus.internal..")
        .check(main);
  }

  @Test
  void backendsDoNotKnowEachOther() {
    slices().matching("io.semcache.(memory|milvus|embedding)..").should().notDependOnEachOther()
        .check(main);
  }
}
