package dev.dbsync.engine.link;

import java.security.SecureRandom;
import java.util.Locale;

/** One-time codes: 8 characters from an alphabet without look-alikes (no 0, O, 1, I, L). */
public final class Codes {
  public static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  public static final int LENGTH = 8;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Codes() {}

  public static String generate() {
    StringBuilder sb = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  /** What the user typed, upper-cased, with spaces and dashes (used for grouping) removed. */
  public static String normalize(String typed) {
    return typed == null ? "" : typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
  }

  public static boolean isWellFormed(String code) {
    if (code == null || code.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < code.length(); i++) {
      if (ALPHABET.indexOf(code.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** "ABCD EFGH": easier to read aloud. */
  public static String grouped(String code) {
    return code.length() == LENGTH ? code.substring(0, 4) + " " + code.substring(4) : code;
  }
}
