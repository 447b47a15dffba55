package dev.dbsync.engine.mask;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Masks COPY text as it streams: each whole line is split at its tabs, the masked fields are
 * unescaped, masked and escaped again, the others copied byte for byte. So the fast path stays
 * COPY to COPY, with nothing original leaving the sender.
 */
final class CopyMasker extends MaskingStream {
  private final MaskRule[] rules;
  private final MaskKey key;
  private byte[] line = new byte[8192];
  private int lineLength;
  private final int[] tabs;

  CopyMasker(OutputStream out, MaskRule[] rules, MaskKey key) {
    super(out);
    this.rules = rules;
    this.key = key;
    this.tabs = new int[rules.length + 1];
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    int end = off + len;
    int start = off;
    for (int i = off; i < end; i++) {
      if (b[i] == '\n') {
        append(b, start, i - start);
        maskLine();
        lineLength = 0;
        start = i + 1;
      }
    }
    append(b, start, end - start);
  }

  private void append(byte[] b, int off, int len) {
    if (lineLength + len > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + len));
    }
    System.arraycopy(b, off, line, lineLength, len);
    lineLength += len;
  }

  private void maskLine() throws IOException {
    int n = 0;
    tabs[n++] = -1;
    for (int i = 0; i < lineLength && n < tabs.length; i++) {
      if (line[i] == '\t') {
        tabs[n++] = i;
      }
    }
    for (int f = 0; f < rules.length; f++) {
      int from = tabs[f] + 1;
      int to = f + 1 < n ? tabs[f + 1] : lineLength;
      if (rules[f] == null || f >= n) {
        put(line, from, to - from);
      } else {
        put(escape(rules[f].apply(unescape(line, from, to), key)));
      }
      if (f + 1 < rules.length) {
        put((byte) '\t');
      }
    }
    put((byte) '\n');
    if (gathered() > (1 << 15)) {
      drain();
    }
  }

  /** The value of one field ({@code \N}: null), as COPY text decodes it. */
  static String unescape(byte[] b, int from, int to) {
    String[] one = dev.dbsync.engine.db.CopyText.decodeLine(b, from, to);
    return one.length == 0 ? "" : one[0];
  }

  /** COPY text of a value: backslash, tab and line ends escaped; NULL as {@code \N}. */
  static byte[] escape(String v) {
    if (v == null) {
      return new byte[] {'\\', 'N'};
    }
    StringBuilder sb = null;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      String e = switch (c) {
        case '\\' -> "\\\\";
        case '\t' -> "\\t";
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        default -> null;
      };
      if (e != null && sb == null) {
        sb = new StringBuilder(v.substring(0, i));
      }
      if (sb != null) {
        sb.append(e != null ? e : String.valueOf(c));
      }
    }
    return (sb == null ? v : sb.toString()).getBytes(StandardCharsets.UTF_8);
  }

  /** Writes what is left (a last line without its newline, if any). */
  void finish() {
    try {
      if (lineLength > 0) {
        maskLine();
        unput(); // the line had no newline: none is added
        lineLength = 0;
      }
      flush();
    } catch (IOException e) {
      throw new dev.dbsync.engine.DbSyncException("Masking the COPY text stopped: "
          + e.getMessage(), e);
    }
  }
}
