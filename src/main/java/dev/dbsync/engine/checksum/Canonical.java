package dev.dbsync.engine.checksum;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbsync.engine.db.WireValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical form of a value, the same whichever database holds it: what DB Sync hashes
 * when a checksum cannot be computed inside both databases alike (SQLite at either end, a
 * retyped column, a masked one). Each value is normalised by its column's kind as the source
 * describes it: whole numbers and decimals as plain numbers without trailing zeros, floats as
 * Java writes a double (NaN and the infinities by name, -0 as 0), booleans as t/f, timestamps as ISO
 * text (with a zone: the UTC instant), json with its object keys sorted, binary as hex.
 * A NULL is distinct from every value, an empty string included.
 */
public final class Canonical {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ISO_LOCAL_DATE_TIME;
  /** A short zone offset at the end of a timestamp (+00, -0800); +05:30 is ISO already. */
  private static final java.util.regex.Pattern OFFSET =
      java.util.regex.Pattern.compile("([+-]\\d{2})(\\d{2})?$");

  private Canonical() {}

  /** A value's canonical text, or null for NULL. */
  public static String text(JsonNode v, String kind) {
    if (v == null || v.isNull()) {
      return null;
    }
    try {
      return switch (kind.toLowerCase(Locale.ROOT)) {
        case "integer" -> integer(v);
        case "numeric" -> decimal(v);
        case "float" -> floating(v);
        case "boolean" -> bool(v);
        case "uuid" -> WireValues.textOf(v).toLowerCase(Locale.ROOT);
        case "date" -> date(WireValues.textOf(v));
        case "timestamp" -> timestamp(WireValues.textOf(v));
        case "timestamptz" -> instant(WireValues.textOf(v));
        case "json" -> json(v.isTextual() ? WireValues.parseJson(v.asText()) : v);
        case "binary" -> HexFormat.of().formatHex(WireValues.bytesOf(v));
        default -> WireValues.textOf(v);
      };
    } catch (RuntimeException notOfItsKind) {
      return WireValues.textOf(v); // a value its kind does not describe is compared as text
    }
  }

  private static String integer(JsonNode v) {
    if (v.isBoolean()) {
      return v.asBoolean() ? "1" : "0";
    }
    if (v.isInt() || v.isLong()) {
      return Long.toString(v.longValue()); // most keys: no BigInteger made and printed per row
    }
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue().toString();
    }
    return new BigDecimal(WireValues.textOf(v).trim()).toBigIntegerExact().toString();
  }

  private static String decimal(JsonNode v) {
    String t = v.isNumber() ? null : WireValues.textOf(v).trim();
    if (t != null && t.equalsIgnoreCase("NaN")) {
      return "NaN";
    }
    BigDecimal d = v.isNumber() ? v.decimalValue() : new BigDecimal(t);
    return plain(d);
  }

  private static String plain(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }

  private static String floating(JsonNode v) {
    double d = v.isNumber() ? v.doubleValue() : parseDouble(WireValues.textOf(v).trim());
    // -0 equals 0, as in PostgreSQL (whose own float hash makes them alike): a SQLite REAL
    // column keeps no sign of zero, and the same row must not count as changed there
    return Double.toString(d == 0 ? 0.0 : d);
  }

  private static double parseDouble(String t) {
    return switch (t.toLowerCase(Locale.ROOT)) {
      case "nan" -> Double.NaN;
      case "infinity", "inf" -> Double.POSITIVE_INFINITY;
      case "-infinity", "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(t);
    };
  }

  private static String bool(JsonNode v) {
    if (v.isBoolean()) {
      return v.asBoolean() ? "t" : "f";
    }
    if (v.isNumber()) {
      return v.doubleValue() != 0 ? "t" : "f";
    }
    String t = v.asText().trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "t", "true", "1", "yes", "on" -> "t";
      case "f", "false", "0", "no", "off" -> "f";
      default -> t;
    };
  }

  private static String date(String t) {
    String s = t.trim();
    return s.length() >= 10 && s.charAt(4) == '-' ? s.substring(0, 10) : s;
  }

  private static String timestamp(String t) {
    String s = t.trim().replace(' ', 'T');
    if (s.endsWith("Z")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.length() == 10) {
      s = s + "T00:00:00";
    }
    return LOCAL.format(LocalDateTime.parse(s));
  }

  private static String instant(String t) {
    String utc = utcInstant(t);
    return utc != null ? utc : parsedInstant(t);
  }

  /**
   * The canonical text of the commonest timestamps read without a parser (a third of the
   * canonical hashing of a million rows went to parsing them): {@code yyyy-MM-dd HH:mm:ss}
   * with {@code T} or a space, a fraction of up to nine digits, and no offset, {@code Z},
   * {@code +00}, {@code +0000} or {@code +00:00}; the same text as {@link #parsedInstant}
   * gives. Null for any other form, which is parsed.
   */
  static String utcInstant(String s) {
    int n = s.length();
    if (n < 19 || n > 35 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != ' '
        && s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 1000 || month < 1 || month > 12 || day < 1
        || day > java.time.YearMonth.of(year, month).lengthOfMonth() || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (i < n && s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == start || i - start > 9) {
        return null;
      }
      nanos = digits(s, start, i - start);
      for (int k = i - start; k < 9; k++) {
        nanos *= 10;
      }
    }
    String zone = s.substring(i);
    if (!(zone.isEmpty() || zone.equals("Z") || zone.equals("+00") || zone.equals("+0000")
        || zone.equals("+00:00"))) {
      return null;
    }
    StringBuilder b = new StringBuilder(30).append(s, 0, 10).append('T').append(s, 11, 19);
    if (nanos != 0) {
      // as Instant prints them: in groups of three digits, as many as needed
      int width = nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
      String f = Integer.toString(nanos + 1_000_000_000).substring(1, 1 + width);
      b.append('.').append(f);
    }
    return b.append('Z').toString();
  }

  /** The number written by {@code len} ASCII digits at {@code from}; -1 when any is not one. */
  private static int digits(String s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  static String parsedInstant(String t) {
    String s = t.trim().replace(' ', 'T');
    // PostgreSQL writes offsets as +00 or +05:30; ISO wants +00:00
    java.util.regex.Matcher m = OFFSET.matcher(s);
    if (m.find() && s.indexOf('T') > 0 && m.start() > s.indexOf('T')) {
      s = s.substring(0, m.start()) + m.group(1) + ":" + (m.group(2) == null ? "00"
          : m.group(2));
    }
    try {
      return OffsetDateTime.parse(s).toInstant().toString();
    } catch (DateTimeParseException noZone) {
      if (s.endsWith("Z")) {
        return Instant.parse(s).toString();
      }
      return LocalDateTime.parse(s.length() == 10 ? s + "T00:00:00" : s)
          .toInstant(java.time.ZoneOffset.UTC).toString();
    }
  }

  /** Json with object keys sorted and numbers plain, so that equal documents read the same. */
  static String json(JsonNode v) {
    StringBuilder b = new StringBuilder();
    json(v, b);
    return b.toString();
  }

  private static void json(JsonNode v, StringBuilder b) {
    if (v.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      v.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
      b.append('{');
      boolean first = true;
      for (var e : sorted.entrySet()) {
        b.append(first ? "" : ",");
        quoted(e.getKey(), b);
        b.append(':');
        json(e.getValue(), b);
        first = false;
      }
      b.append('}');
    } else if (v.isArray()) {
      b.append('[');
      for (int i = 0; i < v.size(); i++) {
        b.append(i == 0 ? "" : ",");
        json(v.get(i), b);
      }
      b.append(']');
    } else if (v.isNumber()) {
      b.append(plain(v.decimalValue()));
    } else if (v.isTextual()) {
      quoted(v.textValue(), b);
    } else if (v.isBoolean() || v.isNull()) {
      b.append(v.isNull() ? "null" : v.booleanValue() ? "true" : "false");
    } else {
      b.append(v.toString());
    }
  }

  /**
   * A json string as Jackson writes it: printable ASCII without quote or backslash as it is
   * (no writer made per value), anything else through Jackson.
   */
  private static void quoted(String s, StringBuilder b) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        b.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(s));
        return;
      }
    }
    b.append('"').append(s).append('"');
  }

  /** Hashes rows: one instance per thread (it keeps a digest). */
  public static final class Hasher {
    private final MessageDigest md5;
    private final List<String> kinds;

    public Hasher(List<String> kinds) {
      this.kinds = List.copyOf(kinds);
      try {
        md5 = MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The 64-bit hash of these values (one per kind). */
    public long hash(List<JsonNode> values) {
      return first64(digest(values, kinds));
    }

    /** The canonical texts of these values (their identity as a key). */
    public List<String> texts(List<JsonNode> values, List<String> ofKinds) {
      List<String> out = new ArrayList<>(values.size());
      for (int i = 0; i < values.size(); i++) {
        out.add(text(values.get(i), ofKinds.get(i)));
      }
      return out;
    }

    byte[] digest(List<JsonNode> values, List<String> ofKinds) {
      md5.reset();
      for (int i = 0; i < values.size(); i++) {
        String t = text(values.get(i), ofKinds.get(i));
        if (t == null) {
          md5.update((byte) 0);
          continue;
        }
        byte[] bytes = t.getBytes(StandardCharsets.UTF_8);
        md5.update((byte) 1);
        md5.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
            (byte) (bytes.length >>> 8), (byte) bytes.length});
        md5.update(bytes);
      }
      return md5.digest();
    }

    /** The bucket of a key as {@code spec} cuts them. */
    public int bucket(List<JsonNode> key, List<String> keyKinds,
        dev.dbsync.engine.model.HashSpec spec) {
      if (spec.ranged()) {
        String t = text(key.get(0), "integer");
        try {
          return spec.rangeBucket(Long.parseLong(t));
        } catch (NumberFormatException notALong) {
          return t != null && t.startsWith("-") ? 0 : spec.buckets() - 1;
        }
      }
      return bucket(key, keyKinds, spec.buckets());
    }

    /** The bucket of a key: a whole number modulo the buckets, else 31 bits of its hash. */
    public int bucket(List<JsonNode> key, List<String> keyKinds, int buckets) {
      if (key.size() == 1 && keyKinds.get(0).equalsIgnoreCase("integer")) {
        JsonNode k = key.get(0);
        if (k != null && k.isIntegralNumber() && k.canConvertToLong()) {
          return (int) Math.floorMod(k.longValue(), (long) buckets);
        }
        String t = text(key.get(0), "integer");
        if (t != null) {
          try {
            return new BigInteger(t).mod(BigInteger.valueOf(buckets)).intValue();
          } catch (NumberFormatException notWhole) {
            // hashed below
          }
        }
      }
      byte[] d = digest(key, keyKinds);
      int top = ((d[0] & 0xff) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8)
          | (d[3] & 0xff);
      return (top & 0x7fffffff) % buckets;
    }

    private static long first64(byte[] d) {
      long h = 0;
      for (int i = 0; i < 8; i++) {
        h = (h << 8) | (d[i] & 0xff);
      }
      return h;
    }
  }
}
