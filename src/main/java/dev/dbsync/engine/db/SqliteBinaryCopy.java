package dev.dbsync.engine.db;

import dev.dbsync.engine.BinaryCopyRefused;
import dev.dbsync.engine.model.ColumnInfo;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * A SQLite table's rows as PostgreSQL's binary COPY, in the types the sender's description
 * gives its columns (docs/protocol.md, "copy_binary"), so that a PostgreSQL target parses no
 * text. Each value is the one the same row's COPY text ({@link SqliteDatabase#copyValue})
 * would have given the target. SQLite keeps any value in any column, and PostgreSQL's input
 * functions take many spellings; a value whose binary form is not certain to be what
 * PostgreSQL would make of its text (text in a whole-number column, a date spelt another way,
 * a fraction of a second finer than a microsecond) refuses the rest of the stream with
 * {@link BinaryCopyRefused}: the receiver goes on in COPY text after its last committed row,
 * where PostgreSQL judges that value as it always did.
 */
final class SqliteBinaryCopy implements BinaryTuples {
  private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r',
      '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
  /** Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for dates and timestamps. */
  private static final long PG_EPOCH_DAYS = 10_957;
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  /** How a column's values are written. */
  enum Form {
    INT2, INT4, INT8, FLOAT8, NUMERIC, BOOL, TEXT, JSON, JSONB, BYTEA, DATE, TIMESTAMP,
    TIMESTAMPTZ, UUID
  }

  private final String table;
  private final List<ColumnInfo> columns;
  private final Form[] forms;
  private byte[] buf = new byte[1 << 16];
  private int len;
  private long row;

  private SqliteBinaryCopy(String table, List<ColumnInfo> columns, Form[] forms) {
    this.table = table;
    this.columns = columns;
    this.forms = forms;
    put(HEADER, 0, HEADER.length);
  }

  /**
   * The writer of these columns' values; refuses a table with a column of a type it does not
   * write (time, interval, real, arrays, the network types: their text goes as before).
   */
  static SqliteBinaryCopy of(String table, List<ColumnInfo> columns) {
    Form[] forms = new Form[columns.size()];
    for (int i = 0; i < forms.length; i++) {
      forms[i] = form(columns.get(i));
      if (forms[i] == null) {
        throw new BinaryCopyRefused("Rows of " + table + " are sent as COPY text: its column "
            + columns.get(i).name() + " (" + columns.get(i).type() + ") is not written as "
            + "binary COPY from SQLite.");
      }
    }
    return new SqliteBinaryCopy(table, columns, forms);
  }

  /** Whether a SQLite sender writes this column as binary COPY. */
  static boolean writes(ColumnInfo column) {
    return form(column) != null;
  }

  private static Form form(ColumnInfo c) {
    return switch (c.type().toLowerCase(Locale.ROOT)) {
      case "smallint" -> Form.INT2;
      case "integer" -> Form.INT4;
      case "bigint" -> Form.INT8;
      case "double precision" -> Form.FLOAT8;
      case "numeric" -> Form.NUMERIC;
      case "boolean" -> Form.BOOL;
      case "text", "character varying", "character" -> Form.TEXT;
      case "json" -> Form.JSON;
      case "jsonb" -> Form.JSONB;
      case "bytea" -> Form.BYTEA;
      case "date" -> Form.DATE;
      case "timestamp without time zone" -> Form.TIMESTAMP;
      case "timestamp with time zone" -> Form.TIMESTAMPTZ;
      case "uuid" -> Form.UUID;
      default -> null;
    };
  }

  @Override
  public void tuple(ResultSet rs) throws SQLException {
    row++;
    ensure(2);
    buf[len++] = (byte) (forms.length >>> 8);
    buf[len++] = (byte) forms.length;
    for (int i = 0; i < forms.length; i++) {
      if (!field(rs, i + 1, forms[i])) {
        Object v = rs.getObject(i + 1);
        throw new BinaryCopyRefused("Row " + row + " of " + table + " holds in "
            + columns.get(i).name() + " (" + columns.get(i).type() + ") "
            + describe(v) + ", which goes as COPY text for the target to judge: the rest "
            + "of the table is sent as text.", row - 1);
      }
    }
  }

  private static String describe(Object v) {
    if (v instanceof byte[] b) {
      return "a blob of " + b.length + " bytes";
    }
    String s = String.valueOf(v);
    return (v instanceof String ? "the text '" : "the value ")
        + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + (v instanceof String ? "'" : "");
  }

  @Override
  public void end() {
    ensure(2);
    buf[len++] = (byte) 0xff;
    buf[len++] = (byte) 0xff;
  }

  @Override
  public byte[] bytes() {
    return buf;
  }

  @Override
  public int length() {
    return len;
  }

  @Override
  public void reset() {
    len = 0;
  }

  /**
   * Writes one field; false when its value has no certain binary form. Whole numbers, text,
   * dates, timestamps and uuids are read as SQLite's text of the value (one driver call), the
   * rest by their storage class, as the COPY text reads them.
   */
  private boolean field(ResultSet rs, int i, Form form) throws SQLException {
    boolean asText = switch (form) {
      case FLOAT8, NUMERIC, BOOL, BYTEA -> false;
      default -> true;
    };
    Object v = asText ? rs.getBytes(i) : rs.getObject(i);
    if (v == null) {
      nullField();
      return true;
    }
    return switch (form) {
      case INT2, INT4, INT8 -> SqliteDatabase.wholeNumber((byte[]) v)
          && integer((byte[]) v, form);
      case TEXT, JSON, JSONB -> text(rs, i, (byte[]) v, form == Form.JSONB);
      case DATE -> date((byte[]) v);
      case UUID -> uuid((byte[]) v);
      case TIMESTAMP, TIMESTAMPTZ -> timestamp((byte[]) v, form == Form.TIMESTAMPTZ);
      case FLOAT8 -> float8(v);
      case NUMERIC -> numeric(v);
      case BOOL -> bool(v);
      case BYTEA -> bytea(v);
    };
  }

  /** Text as its UTF-8 bytes (jsonb: its version first, then the json text). */
  private boolean text(ResultSet rs, int i, byte[] b, boolean jsonb) throws SQLException {
    if (!ascii(b) || SqliteDatabase.numberLike(b)) {
      // as the COPY text does: the value read by its storage class and written as text
      Object v = rs.getObject(i);
      b = (v instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8)
          : v.toString()).getBytes(StandardCharsets.UTF_8);
    }
    length(b.length + (jsonb ? 1 : 0));
    if (jsonb) {
      ensure(1);
      buf[len++] = 1;
    }
    put(b, 0, b.length);
    return true;
  }

  private static boolean ascii(byte[] b) {
    for (byte c : b) {
      if (c < 0) {
        return false;
      }
    }
    return true;
  }

  /** {@code -?[0-9]+} (checked) as the column's whole number; false when it does not fit. */
  private boolean integer(byte[] b, Form form) {
    boolean negative = b[0] == '-';
    long v = 0;
    for (int k = negative ? 1 : 0; k < b.length; k++) {
      int d = b[k] - '0';
      if (v < (Long.MIN_VALUE + d) / 10) {
        return false;
      }
      v = v * 10 - d; // accumulated negative: Long.MIN_VALUE has no positive twin
    }
    if (!negative) {
      if (v == Long.MIN_VALUE) {
        return false;
      }
      v = -v;
    }
    switch (form) {
      case INT2 -> {
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
          return false;
        }
        length(2);
        putShort((int) v);
      }
      case INT4 -> {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
          return false;
        }
        length(4);
        putInt((int) v);
      }
      default -> {
        length(8);
        putLong(v);
      }
    }
    return true;
  }

  /** A float's text is one that reads back as the same double: its bits. */
  private boolean float8(Object v) {
    double d;
    if (v instanceof Double x) {
      d = x;
    } else if (v instanceof Long || v instanceof Integer) {
      // sqlite-jdbc gives a whole number that fits an int as an Integer; rounded to nearest,
      // as PostgreSQL reads the whole number's text
      d = ((Number) v).longValue();
    } else {
      return false;
    }
    length(8);
    putLong(Double.doubleToLongBits(d));
    return true;
  }

  private boolean bool(Object v) {
    boolean t;
    if (v instanceof Number n) {
      t = n.longValue() != 0;
    } else if (v instanceof byte[] raw) {
      t = SqliteDatabase.isTrue(new String(raw, StandardCharsets.UTF_8));
    } else {
      t = SqliteDatabase.isTrue(v.toString());
    }
    length(1);
    ensure(1);
    buf[len++] = (byte) (t ? 1 : 0);
    return true;
  }

  private boolean bytea(Object v) {
    byte[] b;
    if (v instanceof byte[] raw) {
      b = raw;
    } else if (v instanceof String s && s.startsWith("\\x")) {
      return false; // hex the COPY text decodes, leniently: the text decides
    } else {
      b = v.toString().getBytes(StandardCharsets.UTF_8); // as the COPY text: its text's bytes
    }
    length(b.length);
    put(b, 0, b.length);
    return true;
  }

  /**
   * The number the COPY text spells (a float by the shortest decimal Java gives it, a whole
   * number, or text {@code -?digits[.digits]}), as PostgreSQL's numeric: base-10000 digits, a
   * weight and the display scale of that text, which the target rounds to its column's scale
   * as it would the text.
   */
  private boolean numeric(Object v) {
    BigDecimal n;
    if (v instanceof Double d) {
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return false;
      }
      n = BigDecimal.valueOf(d);
    } else if (v instanceof Long || v instanceof Integer) {
      n = BigDecimal.valueOf(((Number) v).longValue());
    } else if (v instanceof String s && plainDecimal(s)) {
      n = new BigDecimal(s);
    } else {
      return false;
    }
    writeNumeric(n);
    return true;
  }

  /** {@code -?[0-9]+(\.[0-9]+)?} in ASCII digits. */
  private static boolean plainDecimal(String s) {
    int k = s.startsWith("-") ? 1 : 0;
    int digits = 0;
    while (k < s.length() && s.charAt(k) >= '0' && s.charAt(k) <= '9') {
      k++;
      digits++;
    }
    if (digits == 0) {
      return false;
    }
    if (k < s.length() && s.charAt(k) == '.') {
      k++;
      int fraction = 0;
      while (k < s.length() && s.charAt(k) >= '0' && s.charAt(k) <= '9') {
        k++;
        fraction++;
      }
      if (fraction == 0) {
        return false;
      }
    }
    return k == s.length();
  }

  void writeNumeric(BigDecimal n) {
    BigDecimal a = n.abs();
    if (a.scale() < 0) {
      a = a.setScale(0);
    }
    int dscale = a.scale();
    String s = a.unscaledValue().toString();
    int intLen = s.length() - dscale;
    String whole = intLen > 0 ? s.substring(0, intLen) : "";
    String fraction = intLen > 0 ? s.substring(intLen) : "0".repeat(-intLen) + s;
    int padLeft = (4 - whole.length() % 4) % 4;
    int padRight = (4 - fraction.length() % 4) % 4;
    String all = "0".repeat(padLeft) + whole + fraction + "0".repeat(padRight);
    int groups = all.length() / 4;
    int weight = (padLeft + whole.length()) / 4 - 1;
    int first = 0;
    while (first < groups && group(all, first) == 0) {
      first++;
    }
    int last = groups - 1;
    while (last >= first && group(all, last) == 0) {
      last--;
    }
    int ndigits = last - first + 1;
    boolean zero = ndigits == 0;
    length(8 + 2 * ndigits);
    putShort(ndigits);
    putShort(zero ? 0 : weight - first);
    putShort(zero || n.signum() >= 0 ? 0x0000 : 0x4000);
    putShort(dscale);
    for (int g = first; g <= last; g++) {
      putShort(group(all, g));
    }
  }

  private static int group(String all, int g) {
    int at = 4 * g;
    return (all.charAt(at) - '0') * 1000 + (all.charAt(at + 1) - '0') * 100
        + (all.charAt(at + 2) - '0') * 10 + (all.charAt(at + 3) - '0');
  }

  /** {@code YYYY-MM-DD}, year 1 to 9999: days from 2000-01-01. */
  private boolean date(byte[] b) {
    if (b.length != 10) {
      return false;
    }
    long days = days(b);
    if (days == Long.MIN_VALUE) {
      return false;
    }
    length(4);
    putInt((int) (days - PG_EPOCH_DAYS));
    return true;
  }

  /**
   * {@code YYYY-MM-DD[ T]HH:MM[:SS[.f{1,6}]]}, and for a timestamp with time zone {@code Z},
   * {@code ±HH}, {@code ±HHMM} or {@code ±HH:MM} after it (without one, UTC: the receiver's
   * sessions read text in UTC): microseconds from 2000-01-01. A timestamp without time zone
   * with an offset is left to the text (PostgreSQL ignores the offset there).
   */
  private boolean timestamp(byte[] b, boolean zoned) {
    int n = b.length;
    if (n < 16 || (b[10] != ' ' && b[10] != 'T')) {
      return false;
    }
    long days = days(b);
    if (days == Long.MIN_VALUE) {
      return false;
    }
    int hour = two(b, 11);
    int minute = two(b, 14);
    if (hour < 0 || hour > 23 || b[13] != ':' || minute < 0 || minute > 59) {
      return false;
    }
    int at = 16;
    int second = 0;
    long micros = 0;
    if (at < n && b[at] == ':') {
      second = n >= at + 3 ? two(b, at + 1) : -1;
      if (second < 0 || second > 59) {
        return false;
      }
      at += 3;
      if (at < n && b[at] == '.') {
        at++;
        int digits = 0;
        while (at < n && b[at] >= '0' && b[at] <= '9') {
          if (++digits > 6) {
            return false; // PostgreSQL rounds finer fractions: its text decides
          }
          micros = micros * 10 + (b[at++] - '0');
        }
        if (digits == 0) {
          return false;
        }
        for (int d = digits; d < 6; d++) {
          micros *= 10;
        }
      }
    }
    long offset = 0;
    if (at < n) {
      if (!zoned) {
        return false;
      }
      if (b[at] == 'Z' && at + 1 == n) {
        offset = 0;
      } else if (b[at] == '+' || b[at] == '-') {
        int sign = b[at] == '-' ? -1 : 1;
        int oh = n >= at + 3 ? two(b, at + 1) : -1;
        int om = 0;
        if (n == at + 6 && b[at + 3] == ':') {
          om = two(b, at + 4);
        } else if (n == at + 5) {
          om = two(b, at + 3);
        } else if (n != at + 3) {
          return false;
        }
        if (oh < 0 || oh > 15 || om < 0 || om > 59) {
          return false;
        }
        offset = sign * (oh * 3600L + om * 60L);
      } else {
        return false;
      }
    }
    long t = (days - PG_EPOCH_DAYS) * MICROS_PER_DAY
        + ((hour * 60L + minute) * 60L + second - offset) * 1_000_000L + micros;
    length(8);
    putLong(t);
    return true;
  }

  /**
   * Days from 1970-01-01 of the {@code YYYY-MM-DD} the bytes start with (a real date of years
   * 1 to 9999), or {@code Long.MIN_VALUE}.
   */
  private static long days(byte[] b) {
    int y1 = two(b, 0);
    int y2 = two(b, 2);
    int m = two(b, 5);
    int d = two(b, 8);
    if (y1 < 0 || y2 < 0 || m < 0 || d < 0 || b[4] != '-' || b[7] != '-') {
      return Long.MIN_VALUE;
    }
    int y = y1 * 100 + y2;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > monthLength(y, m)) {
      return Long.MIN_VALUE;
    }
    // days from civil (proleptic Gregorian, as PostgreSQL counts them for years after 1 BC)
    int yy = m <= 2 ? y - 1 : y;
    int era = yy / 400;
    int yoe = yy - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097L + doe - 719_468L;
  }

  private static int monthLength(int y, int m) {
    return switch (m) {
      case 2 -> (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Two ASCII digits at {@code at} as a number, or -1. */
  private static int two(byte[] b, int at) {
    if (at + 1 >= b.length) {
      return -1;
    }
    int a = b[at] - '0';
    int c = b[at + 1] - '0';
    return a < 0 || a > 9 || c < 0 || c > 9 ? -1 : a * 10 + c;
  }

  /** {@code 8-4-4-4-12} hex digits, or 32 without dashes: 16 bytes. */
  private boolean uuid(byte[] b) {
    boolean dashed = b.length == 36;
    if (!dashed && b.length != 32) {
      return false;
    }
    if (dashed && (b[8] != '-' || b[13] != '-' || b[18] != '-' || b[23] != '-')) {
      return false;
    }
    ensure(20);
    int at = len + 4; // the 16 bytes straight after their length, kept only when all are hex
    int k = 0;
    for (int i = 0; i < 16; i++) {
      if (dashed && (k == 8 || k == 13 || k == 18 || k == 23)) {
        k++;
      }
      int hi = hex(b[k++]);
      int lo = hex(b[k++]);
      if (hi < 0 || lo < 0) {
        return false;
      }
      buf[at + i] = (byte) (hi << 4 | lo);
    }
    length(16);
    len += 16;
    return true;
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  // ------------------------------------------------------------------ the buffer

  private void nullField() {
    putInt(-1);
  }

  private void length(int n) {
    putInt(n);
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = java.util.Arrays.copyOf(buf, Math.max(2 * buf.length, len + n));
    }
  }

  private void put(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
  }

  private void putShort(int v) {
    ensure(2);
    buf[len++] = (byte) (v >>> 8);
    buf[len++] = (byte) v;
  }

  private void putInt(int v) {
    ensure(4);
    buf[len++] = (byte) (v >>> 24);
    buf[len++] = (byte) (v >>> 16);
    buf[len++] = (byte) (v >>> 8);
    buf[len++] = (byte) v;
  }

  private void putLong(long v) {
    putInt((int) (v >>> 32));
    putInt((int) v);
  }
}
