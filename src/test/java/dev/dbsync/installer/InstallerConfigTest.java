package dev.dbsync.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The installer build is not run by the tests (it takes a minute and OS tools), but its
 * argfiles are checked: every file they name exists, and the version is the pom's.
 */
class InstallerConfigTest {
  private static final Path ROOT = Path.of("");
  /** Options whose value is a file or folder kept in the repository. */
  private static final List<String> REPO_PATHS = List.of("--icon", "--resource-dir",
      "--license-file");

  static List<String[]> options(Path argfile) throws Exception {
    List<String[]> out = new ArrayList<>();
    Matcher m = Pattern.compile("(--[a-z-]+)(?:\\s+(\"[^\"]*\"|[^\\s\"]+))?")
        .matcher(Files.readString(argfile));
    while (m.find()) {
      String v = m.group(2) == null ? null : m.group(2).replace("\"", "");
      out.add(new String[] {m.group(1), v});
    }
    return out;
  }

  static List<Path> argfiles() throws Exception {
    try (Stream<Path> s = Files.list(ROOT.resolve("installer"))) {
      return s.filter(p -> p.toString().endsWith(".args")).sorted().toList();
    }
  }

  @Test
  void everyFileTheArgfilesNameExists() throws Exception {
    List<Path> files = argfiles();
    assertTrue(files.size() >= 9, files.toString());
    for (Path f : files) {
      for (String[] o : options(f)) {
        if (REPO_PATHS.contains(o[0])) {
          assertTrue(Files.exists(ROOT.resolve(o[1])), f + ": " + o[0] + " " + o[1]);
        }
        if (o[0].equals("--add-launcher")) {
          Path props = ROOT.resolve(o[1].substring(o[1].indexOf('=') + 1));
          assertTrue(Files.isRegularFile(props), f + ": " + o[1]);
        }
      }
    }
  }

  @Test
  void theVersionIsThePomsEverywhere() throws Exception {
    Matcher m = Pattern.compile("<artifactId>dbsync</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertTrue(m.find());
    String pom = m.group(1);
    int seen = 0;
    for (Path f : argfiles()) {
      for (String[] o : options(f)) {
        if (o[0].equals("--app-version")) {
          assertEquals(pom, o[1], f.toString());
          seen++;
        }
      }
    }
    assertEquals(2, seen, "app-image.args and package.args both name the version");
  }

  /**
   * The Linux package's command and menu entry start the launcher script that build.sh puts
   * beside the jar (lib/app/dbsync under the install folder), and its postinst dumps the
   * start-up archive beside it, where the script looks for it.
   */
  @Test
  void theLinuxCommandAndMenuEntryStartTheLauncherScript() throws Exception {
    String installDir = null;
    String name = null;
    for (String[] o : options(ROOT.resolve("installer/package-linux.args"))) {
      if (o[0].equals("--install-dir")) {
        installDir = o[1];
      } else if (o[0].equals("--linux-package-name")) {
        name = o[1];
      }
    }
    String script = installDir + "/" + name + "/lib/app/dbsync";
    assertTrue(Files.readString(ROOT.resolve("installer/linux/DB Sync.desktop"))
        .contains("\nExec=" + script + "\n"));
    String postinst = Files.readString(ROOT.resolve("installer/linux/postinst"));
    assertTrue(postinst.contains("ln -sf " + script + " /usr/bin/dbsync"), postinst);
    assertTrue(postinst.contains("-XX:SharedArchiveFile=\"$app/dbsync.jsa\""), postinst);
    assertTrue(Files.readString(ROOT.resolve("installer/linux/prerm")).contains(script));
    assertTrue(Files.readString(ROOT.resolve("installer/build.sh"))
        .contains("install -m 755 src/main/sh/dbsync \"$app/dbsync\""));
    assertTrue(Files.readString(ROOT.resolve("src/main/sh/dbsync"))
        .contains("-XX:SharedArchiveFile=\"$dir/dbsync.jsa\""));
  }

  /**
   * The app starts with the same compiler options from the launcher script as from the
   * installers' own launchers (jpackage's argfile), which cannot share one file.
   */
  @Test
  void theAppStartsWithTheSameCompilerOptionsEverywhere() throws Exception {
    Pattern tier = Pattern.compile("-XX:Tier\\w+=\\d+");
    String script = Files.readString(ROOT.resolve("src/main/sh/dbsync"));
    Matcher app = Pattern.compile("\n  app\\|\"\"\\) jvm=\"([^\"]*)\"").matcher(script);
    assertTrue(app.find(), "the launcher's options for the app");
    List<String> fromScript = tier.matcher(app.group(1)).results().map(m -> m.group())
        .toList();
    String argfile = null;
    for (String[] o : options(ROOT.resolve("installer/app-image.args"))) {
      if (o[0].equals("--java-options")) {
        argfile = o[1];
      }
    }
    assertTrue(argfile != null && !fromScript.isEmpty(), fromScript.toString());
    assertEquals(fromScript, tier.matcher(argfile).results().map(m -> m.group()).toList());
  }

  @Test
  void theIconsTheAppAndInstallersUseAreAllThere() {
    for (int size : new int[] {16, 32, 48, 64, 128, 256, 512, 1024}) {
      assertTrue(Files.isRegularFile(ROOT.resolve("icons/dbsync-" + size + ".png")), "" + size);
    }
    assertTrue(Files.isRegularFile(ROOT.resolve("icons/dbsync.ico")));
    assertTrue(Files.isRegularFile(ROOT.resolve("icons/dbsync.icns")));
    assertTrue(Files.isRegularFile(ROOT.resolve("icons/dbsync.svg")));
    assertFalse(Files.exists(ROOT.resolve("installer/linux/dbsync-cli.properties")),
        "on Linux the one launcher is also the dbsync command");
  }
}
