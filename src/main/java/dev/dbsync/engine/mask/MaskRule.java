package dev.dbsync.engine.mask;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * One masking rule: a pure function of (value, key). NULL stays NULL and the empty string
 * stays empty under every rule; everything else is replaced the same way every time for the
 * same key, whatever the table or column, so masked keys still join.
 *
 * <p>Values are the text a column's value travels as (the same in a row and in COPY text).
 */
public record MaskRule(Kind kind, String argument) {

  /** The rules, by the name the user writes. */
  public enum Kind {
    /** A well-formed address, {@code user.k3v9...@example.com}; unique in, unique out. */
    EMAIL("email", true),
    /** A plausible person name: first and last when the value has two words or more. */
    NAME("name", false),
    /** The same layout, every digit replaced ({@code +1 (555) 010-4477}). */
    PHONE("phone", false),
    /** A keyed hash, 32 hex digits; unique in, unique out. */
    HASH("hash", true),
    /** SQL NULL (the column must allow it). */
    NULL("null", false),
    /** The same text for every value: {@code constant:TEXT}. */
    CONSTANT("constant", false),
    /** Every letter and digit but the last N replaced by '*': {@code keep-last:4}. */
    KEEP_LAST("keep-last", false),
    /** Dates and timestamps moved by a per-value number of days within +/-N: {@code date-shift:30}. */
    DATE_SHIFT("date-shift", false),
    /** The same length, letters replaced by letters and digits by digits. */
    REDACT("redact", false),
    /** A city name. */
    CITY("city", false),
    /** A street address, {@code 42 Maple Street}. */
    ADDRESS("address", false),
    /** An IPv4 address in 10.0.0.0/8 (a prefix length, if any, is kept). */
    IP("ip", false),
    /** Free text: words of lorem ipsum, about as long as the original. */
    TEXT("text", false);

    private final String word;
    private final boolean injective;

    Kind(String word, boolean injective) {
      this.word = word;
      this.injective = injective;
    }

    public String word() {
      return word;
    }
  }

  /** Whether different inputs give different outputs (safe on a unique column). */
  public boolean injective() {
    return kind.injective;
  }

  /** The rule as the user writes it: {@code email}, {@code keep-last:4}. */
  @Override
  public String toString() {
    return argument == null ? kind.word : kind.word + ":" + argument;
  }

  /**
   * Parses {@code email}, {@code constant:TEXT}, {@code keep-last:4}, {@code date-shift:30}.
   *
   * @throws IllegalArgumentException naming the rule, when it is unknown or malformed
   */
  public static MaskRule parse(String text) {
    String t = text == null ? "" : text.trim();
    int colon = t.indexOf(':');
    String name = (colon < 0 ? t : t.substring(0, colon)).toLowerCase(Locale.ROOT);
    String arg = colon < 0 ? null : t.substring(colon + 1);
    for (Kind k : Kind.values()) {
      if (k.word.equals(name)) {
        return switch (k) {
          case CONSTANT -> {
            if (arg == null) {
              throw new IllegalArgumentException("constant needs its text: constant:TEXT.");
            }
            yield new MaskRule(k, arg);
          }
          case KEEP_LAST, DATE_SHIFT -> {
            int n;
            try {
              n = Integer.parseInt(arg == null ? "" : arg.trim());
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException(k.word + " needs a number: " + k.word + ":"
                  + (k == Kind.KEEP_LAST ? "4" : "30") + ", not '" + t + "'.");
            }
            if (n < 1 || n > (k == Kind.KEEP_LAST ? 64 : 36_500)) {
              throw new IllegalArgumentException(k.word + ":" + n + " is out of range.");
            }
            yield new MaskRule(k, String.valueOf(n));
          }
          default -> {
            if (arg != null) {
              throw new IllegalArgumentException(k.word + " takes no argument: '" + t + "'.");
            }
            yield new MaskRule(k, null);
          }
        };
      }
    }
    throw new IllegalArgumentException("Unknown rule '" + t + "'. Rules: " + String.join(", ",
        List.of(Kind.values()).stream().map(Kind::word).toList()) + ".");
  }

  /** The masked text of {@code value} (null for NULL). */
  public String apply(String value, MaskKey key) {
    if (value == null) {
      return null;
    }
    if (value.isEmpty()) {
      return value;
    }
    return switch (kind) {
      case EMAIL -> "user." + base32(key.digest("email", value), 16) + "@example.com";
      case NAME -> name(value, key.digest("name", value));
      case PHONE -> digits(value, key.digest("phone", value), false);
      case HASH -> HexFormat.of().formatHex(key.digest("hash", value), 0, 16);
      case NULL -> null;
      case CONSTANT -> argument;
      case KEEP_LAST -> keepLast(value, Integer.parseInt(argument));
      // keyed by the date alone: a row and COPY text write timestamps differently
      case DATE_SHIFT -> shift(value, key.digest("date-shift",
          value.substring(0, Math.min(10, value.length()))), Integer.parseInt(argument));
      case REDACT -> digits(value, key.digest("redact", value), true);
      case CITY -> pick(Words.CITIES, key.digest("city", value), 0);
      case ADDRESS -> address(key.digest("address", value));
      case IP -> ip(value, key.digest("ip", value));
      case TEXT -> text(value, key.digest("text", value));
    };
  }

  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private static String base32(byte[] h, int chars) {
    StringBuilder sb = new StringBuilder(chars);
    long bits = 0;
    int have = 0;
    int i = 0;
    while (sb.length() < chars) {
      if (have < 5) {
        bits = bits << 8 | h[i++] & 0xff;
        have += 8;
      }
      sb.append(BASE32[(int) (bits >> (have - 5)) & 31]);
      have -= 5;
    }
    return sb.toString();
  }

  private static int unsigned(byte[] h, int at) {
    return (h[at] & 0xff) << 8 | h[at + 1] & 0xff;
  }

  private static String pick(List<String> words, byte[] h, int at) {
    return words.get(unsigned(h, at) % words.size());
  }

  private static String name(String value, byte[] h) {
    String first = pick(Words.FIRST_NAMES, h, 0);
    return value.trim().contains(" ") ? first + " " + pick(Words.LAST_NAMES, h, 2) : first;
  }

  /**
   * Replaces each digit (and with {@code letters} each letter, keeping its case) by one drawn
   * from the hash; anything else stays, so the layout does.
   */
  private static String digits(String value, byte[] h, boolean letters) {
    StringBuilder sb = new StringBuilder(value.length());
    int at = 0;
    byte[] stream = h;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (at == stream.length) {
        stream = more(stream); // a long value: the next 32 bytes, from the last
        at = 0;
      }
      int r = stream[at] & 0xff;
      if (c >= '0' && c <= '9') {
        sb.append((char) ('0' + r % 10));
        at++;
      } else if (letters && c >= 'a' && c <= 'z') {
        sb.append((char) ('a' + r % 26));
        at++;
      } else if (letters && c >= 'A' && c <= 'Z') {
        sb.append((char) ('A' + r % 26));
        at++;
      } else if (letters && Character.isLetter(c)) {
        sb.append((char) ('a' + r % 26));
        at++;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** 32 more bytes, derived from the last 32 (SHA-256), for values longer than one hash. */
  private static byte[] more(byte[] block) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(block);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String keepLast(String value, int n) {
    int alnum = 0;
    for (int i = 0; i < value.length(); i++) {
      if (Character.isLetterOrDigit(value.charAt(i))) {
        alnum++;
      }
    }
    StringBuilder sb = new StringBuilder(value.length());
    int seen = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        seen++;
        sb.append(seen > alnum - n ? c : '*');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Moves the date at the start of the text (yyyy-mm-dd); the rest (time, zone) stays. */
  private static String shift(String value, byte[] h, int days) {
    if (value.length() < 10) {
      return value;
    }
    try {
      LocalDate d = LocalDate.parse(value.substring(0, 10));
      int span = 2 * days + 1;
      int by = Math.floorMod(unsigned(h, 0) << 8 | h[2] & 0xff, span) - days;
      return d.plusDays(by) + value.substring(10);
    } catch (DateTimeParseException e) {
      return value; // infinity, BC dates: left as they are
    }
  }

  private static String address(byte[] h) {
    return (1 + unsigned(h, 0) % 9_999) + " " + pick(Words.STREETS, h, 2) + " "
        + pick(Words.STREET_TYPES, h, 4);
  }

  private static String ip(String value, byte[] h) {
    int slash = value.indexOf('/');
    return "10." + (h[0] & 0xff) + "." + (h[1] & 0xff) + "." + (h[2] & 0xff)
        + (slash < 0 ? "" : value.substring(slash));
  }

  private static String text(String value, byte[] h) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (sb.length() < value.length()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(Words.LOREM.get(((h[i % h.length] & 0xff) + i) % Words.LOREM.size()));
      i++;
    }
    return sb.length() > value.length() && value.length() > 0
        ? sb.substring(0, Math.max(1, value.length())).stripTrailing() : sb.toString();
  }
}
