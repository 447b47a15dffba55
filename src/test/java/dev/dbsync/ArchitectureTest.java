package dev.dbsync;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The one direction of dependencies (docs/architecture.md), enforced. */
@AnalyzeClasses(packages = "dev.dbsync", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule engineNeverImportsJavaFx = noClasses().that()
      .resideOutsideOfPackage("dev.dbsync.ui..").should().dependOnClassesThat()
      .resideInAnyPackage("javafx..", "org.controlsfx..");

  @ArchTest
  static final ArchRule engineNeverReachesIntoTheFaces = noClasses().that()
      .resideInAPackage("dev.dbsync.engine..").should().dependOnClassesThat()
      .resideInAnyPackage("dev.dbsync.cli..", "dev.dbsync.ui..");

  @ArchTest
  static final ArchRule databaseLayerKnowsNothingOfTheLink = noClasses().that()
      .resideInAPackage("dev.dbsync.engine.db..").should().dependOnClassesThat()
      .resideInAnyPackage("dev.dbsync.engine.link..", "dev.dbsync.engine.transfer..");

  @ArchTest
  static final ArchRule theEngineBelowKnowsNothingOfTheHistory = noClasses().that()
      .resideInAnyPackage("dev.dbsync.engine.db..", "dev.dbsync.engine.link..",
          "dev.dbsync.engine.transfer..", "dev.dbsync.engine.model..").should()
      .dependOnClassesThat().resideInAPackage("dev.dbsync.engine.history..");

  @ArchTest
  static final ArchRule theEngineBelowAndTheHistoryKnowNothingOfPermanentConnections =
      noClasses().that().resideInAnyPackage("dev.dbsync.engine.db..",
          "dev.dbsync.engine.link..", "dev.dbsync.engine.transfer..",
          "dev.dbsync.engine.model..", "dev.dbsync.engine.history..",
          "dev.dbsync.engine.compare..", "dev.dbsync.engine.subset..",
          "dev.dbsync.engine.mask..", "dev.dbsync.engine.checksum..").should()
      .dependOnClassesThat().resideInAPackage("dev.dbsync.engine.connections..");

  @ArchTest
  static final ArchRule theWorkspaceKnowsOnlyTheDatabaseLayer = noClasses().that()
      .resideInAPackage("dev.dbsync.engine.workspace..").should().dependOnClassesThat()
      .resideInAnyPackage("dev.dbsync.engine.link..", "dev.dbsync.engine.transfer..",
          "dev.dbsync.engine.history..", "dev.dbsync.engine.connections..",
          "dev.dbsync.engine.mask..", "dev.dbsync.engine.compare..",
          "dev.dbsync.engine.subset..");

  @ArchTest
  static final ArchRule theReceiveWizardModelKnowsItsStepsOnlyAsSteps = noClasses().that()
      .haveFullyQualifiedName("dev.dbsync.ui.receive.ReceiveWizardModel").should()
      .dependOnClassesThat().resideInAnyPackage("dev.dbsync.ui.receive.connect..",
          "dev.dbsync.ui.receive.tables..", "dev.dbsync.ui.receive.preview..",
          "dev.dbsync.ui.receive.run..", "dev.dbsync.ui.receive.results..");

  @ArchTest
  static final ArchRule resumePointsKnowOnlyTheModel = noClasses().that()
      .resideInAPackage("dev.dbsync.engine.resume..").should().dependOnClassesThat()
      .resideInAnyPackage("dev.dbsync.engine.db..", "dev.dbsync.engine.link..",
          "dev.dbsync.engine.transfer..", "dev.dbsync.engine.history..");

  @ArchTest
  static final ArchRule maskingKnowsNoLinkTransferOrHistory = noClasses().that()
      .resideInAPackage("dev.dbsync.engine.mask..").should().dependOnClassesThat()
      .resideInAnyPackage("dev.dbsync.engine.link..", "dev.dbsync.engine.transfer..",
          "dev.dbsync.engine.history..");

  @ArchTest
  static final ArchRule senderAndReceiverStayApart = noClasses().that()
      .resideInAPackage("dev.dbsync.engine.link.sender..").should().dependOnClassesThat()
      .resideInAPackage("dev.dbsync.engine.link.receiver..");

  @ArchTest
  static final ArchRule subsetsStandAboveTheTransferAndKnowNoLinkOrHistory = noClasses().that()
      .resideInAPackage("dev.dbsync.engine.subset..").should().dependOnClassesThat()
      .resideInAnyPackage("dev.dbsync.engine.link..", "dev.dbsync.engine.history..");

  @ArchTest
  static final ArchRule nothingBelowTheSubsetsKnowsThem = noClasses().that()
      .resideInAnyPackage("dev.dbsync.engine.db..", "dev.dbsync.engine.link..",
          "dev.dbsync.engine.transfer..", "dev.dbsync.engine.model..",
          "dev.dbsync.engine.mask..").should().dependOnClassesThat()
      .resideInAPackage("dev.dbsync.engine.subset..");

  @ArchTest
  static final ArchRule checksumsKnowOnlyTheDatabaseAndTheModel = noClasses().that()
      .resideInAPackage("dev.dbsync.engine.checksum..").should().dependOnClassesThat()
      .resideInAnyPackage("dev.dbsync.engine.link..", "dev.dbsync.engine.transfer..",
          "dev.dbsync.engine.history..", "dev.dbsync.engine.mask..",
          "dev.dbsync.engine.subset..", "dev.dbsync.engine.compare..");

  @ArchTest
  static final ArchRule comparesStandAboveTheTransferAndKnowNoLinkOrHistory = noClasses().that()
      .resideInAPackage("dev.dbsync.engine.compare..").should().dependOnClassesThat()
      .resideInAnyPackage("dev.dbsync.engine.link..", "dev.dbsync.engine.history..");

  @ArchTest
  static final ArchRule nothingBelowTheComparesKnowsThem = noClasses().that()
      .resideInAnyPackage("dev.dbsync.engine.db..", "dev.dbsync.engine.link..",
          "dev.dbsync.engine.transfer..", "dev.dbsync.engine.model..",
          "dev.dbsync.engine.mask..", "dev.dbsync.engine.subset..",
          "dev.dbsync.engine.checksum..").should().dependOnClassesThat()
      .resideInAPackage("dev.dbsync.engine.compare..");
}
