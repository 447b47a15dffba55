package dev.dbsync.engine.db;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes wire values in PostgreSQL's COPY text format (tab-separated, {@code \N} for NULL,
 * backslash escapes), as the text each column type's input function reads. A growable byte
 * buffer, reused from batch to batch.
 */
public final class CopyText {
  private byte[] buf = new byte[1 << 16];
  private int len;
  private final StringBuilder scratch = new StringBuilder();

  CopyText() {}

  void reset() {
    len = 0;
  }

  byte[] bytes() {
    return buf;
  }

  int length() {
    return len;
  }

  void tab() {
    put((byte) '\t');
  }

  void newline() {
    put((byte) '\n');
  }

  /** A NULL. */
  void nullValue() {
    put((byte) '\\');
    put((byte) 'N');
  }

  /** Text as it is (escaped for COPY). */
  void text(String s) {
    escaped(s);
  }

  /**
   * Text given as its bytes (ASCII), escaped for COPY; with {@code isoGap}, a timestamp
   * written {@code YYYY-MM-DD hh:...} gets its ISO {@code T}. False, with nothing written, when
   * a byte is not ASCII: the caller writes the value as decoded text instead.
   */
  boolean ascii(byte[] s, boolean isoGap) {
    ensure(2 * s.length);
    byte[] b = buf;
    int at = len;
    for (byte c : s) {
      if (c < 0) {
        return false;
      }
      at = escape(b, at, c);
    }
    if (isoGap && spacedTimestamp(s)) {
      b[len + 10] = 'T'; // nothing before position 10 of a timestamp is escaped
    }
    len = at;
    return true;
  }

  /** {@code YYYY-MM-DD hh...}: digits, dashes and a space where a date and a time meet. */
  private static boolean spacedTimestamp(byte[] s) {
    if (s.length < 12 || s[4] != '-' || s[7] != '-' || s[10] != ' ') {
      return false;
    }
    for (int i : new int[] {0, 1, 2, 3, 5, 6, 8, 9, 11}) {
      if (s[i] < '0' || s[i] > '9') {
        return false;
      }
    }
    return true;
  }

  /** Digits as they are (a whole number's text: nothing to escape). */
  void digits(byte[] s) {
    ensure(s.length);
    System.arraycopy(s, 0, buf, len, s.length);
    len += s.length;
  }

  /** One value, written as the text of a column of the given kind. */
  void value(JsonNode v, ValueKind kind) {
    if (v == null || v.isNull()) {
      put((byte) '\\');
      put((byte) 'N');
      return;
    }
    scratch.setLength(0);
    if (kind == ValueKind.JSON) {
      scratch.append(v.toString());
    } else if (kind == ValueKind.ARRAY && v.isArray()) {
      arrayLiteral(v, scratch);
    } else if (WireValues.isBinary(v)) {
      scratch.append(WireValues.pgHex(WireValues.bytesOf(v)));
    } else if (v.isValueNode()) {
      scratch.append(WireValues.textOf(v));
    } else {
      scratch.append(v.toString());
    }
    escaped(scratch);
  }

  /** A JSON array as a PostgreSQL array literal: {@code {"a","b",NULL,{"c"}}}. */
  static void arrayLiteral(JsonNode a, StringBuilder out) {
    out.append('{');
    for (int i = 0; i < a.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      JsonNode e = a.get(i);
      if (e == null || e.isNull()) {
        out.append("NULL");
      } else if (e.isArray()) {
        arrayLiteral(e, out);
      } else {
        String t = WireValues.isBinary(e) ? WireValues.pgHex(WireValues.bytesOf(e))
            : e.isValueNode() ? WireValues.textOf(e) : e.toString();
        out.append('"');
        for (int k = 0; k < t.length(); k++) {
          char c = t.charAt(k);
          if (c == '"' || c == '\\') {
            out.append('\\');
          }
          out.append(c);
        }
        out.append('"');
      }
    }
    out.append('}');
  }

  private void escaped(CharSequence s) {
    // fast path: ASCII straight into the buffer, room for every character escaped made once
    int n = s.length();
    ensure(2 * n);
    byte[] b = buf;
    int at = len;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        len = at;
        escapedFrom(s, i);
        return;
      }
      at = escape(b, at, c);
    }
    len = at;
  }

  /** Puts an ASCII character at {@code at}, escaped for COPY; returns where the next goes. */
  private static int escape(byte[] b, int at, int c) {
    switch (c) {
      case '\\' -> {
        b[at++] = '\\';
        b[at++] = '\\';
      }
      case '\n' -> {
        b[at++] = '\\';
        b[at++] = 'n';
      }
      case '\r' -> {
        b[at++] = '\\';
        b[at++] = 'r';
      }
      case '\t' -> {
        b[at++] = '\\';
        b[at++] = 't';
      }
      default -> b[at++] = (byte) c;
    }
    return at;
  }

  /** The general case from {@code from} on: any text, UTF-8 encoded. */
  private void escapedFrom(CharSequence s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> put2('\\', '\\');
        case '\n' -> put2('\\', 'n');
        case '\r' -> put2('\\', 'r');
        case '\t' -> put2('\\', 't');
        default -> {
          if (c < 0x80) {
            put((byte) c);
          } else {
            // the rest of the string in one go; surrogate pairs stay together
            int end = i;
            while (end < s.length() && s.charAt(end) >= 0x80) {
              end++;
            }
            byte[] b = s.subSequence(i, end).toString().getBytes(StandardCharsets.UTF_8);
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
            i = end - 1;
          }
        }
      }
    }
  }

  private void put2(char a, char b) {
    put((byte) a);
    put((byte) b);
  }

  private void put(byte b) {
    ensure(1);
    buf[len++] = b;
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }

  /** Splits one line of COPY text (without its newline) into its values; null for NULL. */
  public static String[] decodeLine(byte[] b, int from, int to) {
    java.util.List<String> out = new java.util.ArrayList<>(16);
    // field by field: a field without a backslash is taken as it is, \N is NULL, and only a
    // field with escapes is unescaped
    int start = from;
    boolean escapes = false;
    for (int i = from; i <= to; i++) {
      if (i == to || b[i] == '\t') {
        if (!escapes) {
          out.add(new String(b, start, i - start, StandardCharsets.UTF_8));
        } else if (i - start == 2 && b[start + 1] == 'N') {
          out.add(null);
        } else {
          out.add(unescapeField(b, start, i));
        }
        start = i + 1;
        escapes = false;
      } else if (b[i] == '\\') {
        escapes = true;
      }
    }
    return out.toArray(String[]::new);
  }

  /** One field of COPY text with escapes in it, unescaped (NULL when it is \N). */
  static String unescapeField(byte[] b, int from, int to) {
    String[] one = unescapeFields(b, from, to);
    return one[0];
  }

  /** The general decoding of a line (or one field of it), escapes and all. */
  private static String[] unescapeFields(byte[] b, int from, int to) {
    java.util.List<String> out = new java.util.ArrayList<>();
    java.io.ByteArrayOutputStream field = new java.io.ByteArrayOutputStream();
    boolean isNull = false;
    for (int i = from; i <= to; i++) {
      if (i == to || b[i] == '\t') {
        out.add(isNull ? null : field.toString(StandardCharsets.UTF_8));
        field.reset();
        isNull = false;
        continue;
      }
      if (b[i] == '\\' && i + 1 < to) {
        byte n = b[++i];
        switch (n) {
          case 'N' -> isNull = true;
          case 'n' -> field.write('\n');
          case 'r' -> field.write('\r');
          case 't' -> field.write('\t');
          case 'b' -> field.write('\b');
          case 'f' -> field.write('\f');
          case 'v' -> field.write(11);
          case 'x' -> {
            int v = 0;
            int k = 0;
            while (k < 2 && i + 1 < to && Character.digit(b[i + 1], 16) >= 0) {
              v = v * 16 + Character.digit(b[++i], 16);
              k++;
            }
            field.write(v);
          }
          default -> {
            if (n >= '0' && n <= '7') {
              int v = n - '0';
              int k = 1;
              while (k < 3 && i + 1 < to && b[i + 1] >= '0' && b[i + 1] <= '7') {
                v = v * 8 + (b[++i] - '0');
                k++;
              }
              field.write(v);
            } else {
              field.write(n);
            }
          }
        }
      } else {
        field.write(b[i]);
      }
    }
    return out.toArray(String[]::new);
  }
}
