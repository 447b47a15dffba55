package dev.dbsync.engine.mask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.db.ValueKind;
import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.TableInfo;
import dev.dbsync.engine.model.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Columns that look personal, by their name or by a sample of their values, each with a
 * proposed rule and why: the user accepts or edits them (share screen,
 * {@code dbsync tables --db URL --suggest-masks}).
 */
public final class MaskSuggestions {
  /** A proposal: {@code table.column=rule}, and why it was made. */
  public record Suggestion(String table, String column, MaskRule rule, String why) {
    public String spec() {
      return table + "." + column + "=" + rule;
    }
  }

  private record ByName(Pattern name, String rule, String why) {}

  private static final List<ByName> NAMES = List.of(
      new ByName(Pattern.compile("(^|_)e_?mail(_address)?($|_)"), "email", "named like an email"),
      new ByName(Pattern.compile("phone|mobile|(^|_)tel($|_)|fax|msisdn"), "phone",
          "named like a phone number"),
      new ByName(Pattern.compile("(^|_)(first|last|full|given|family|middle|display|contact|"
          + "maiden)_?name$|^surname$|^name$|^customer_name$|^user_?name$"), "name",
          "named like a person's name"),
      new ByName(Pattern.compile("birth|(^|_)dob($|_)"), "date-shift:30", "a birth date"),
      new ByName(Pattern.compile("ssn|social_security|national_id|passport|tax_?id|(^|_)nin($|_)"
          + "|personal_id|id_number"), "redact", "a national identifier"),
      new ByName(Pattern.compile("iban|card_?(number|no)|(^|_)pan($|_)|credit_card|cc_num"),
          "keep-last:4", "a card or account number"),
      new ByName(Pattern.compile("(^|_)ip(_?addr(ess)?)?($|_)|remote_addr"), "ip",
          "an IP address"),
      new ByName(Pattern.compile("password|passwd|(^|_)token($|_)|secret|api_?key|(^|_)salt"
          + "($|_)|otp|hash"), "hash", "a token, secret or password hash"),
      new ByName(Pattern.compile("address|street|addr_line|(^|_)addr($|_)"), "address",
          "a street address"),
      new ByName(Pattern.compile("(^|_)(city|town)($|_)"), "city", "a city"));

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}");
  private static final Pattern PHONE = Pattern.compile("\\+?[\\d ()./-]{7,20}");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*");
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}(/\\d+)?");
  private static final Pattern IBAN = Pattern.compile("[A-Z]{2}\\d{2}[A-Z0-9 ]{11,30}");

  private MaskSuggestions() {}

  /** Suggestions for every shared table, reading at most {@code sample} rows of each. */
  public static List<Suggestion> of(TableReader reader, int sample) {
    List<Suggestion> out = new ArrayList<>();
    for (TableInfo t : reader.listTables()) {
      TableSchema s = reader.getSchema(t.name());
      List<ObjectNode> rows = reader.page(t.name(), ExportRequest.page(0, sample)).records();
      for (ColumnInfo c : s.columns()) {
        Suggestion g = suggest(t.name(), c, rows);
        if (g != null) {
          out.add(g);
        }
      }
    }
    return out;
  }

  /** 7 to 15 digits with a phone's punctuation, and not a date. */
  private static boolean phoneLike(String v) {
    long digits = v.chars().filter(Character::isDigit).count();
    return digits >= 7 && digits <= 15 && !DATE.matcher(v).matches()
        && (v.startsWith("+") || v.contains(" ") || v.contains("(") || v.contains("-"));
  }

  /** The suggestion for one column, or null when it does not look personal. */
  public static Suggestion suggest(String table, ColumnInfo c, List<ObjectNode> rows) {
    String name = c.name().toLowerCase(Locale.ROOT);
    for (ByName b : NAMES) {
      if (b.name().matcher(name).find()) {
        MaskRule rule = MaskRule.parse(b.rule());
        if (MaskRules.fits(rule, c) == null) {
          return new Suggestion(table, c.name(), rule, b.why());
        }
      }
    }
    if (ValueKind.of(c) != ValueKind.TEXT) {
      return null;
    }
    List<String> values = new ArrayList<>();
    for (ObjectNode r : rows) {
      JsonNode v = r.get(c.name());
      if (v != null && v.isTextual() && !v.asText().isBlank()) {
        values.add(v.asText().trim());
      }
    }
    if (values.isEmpty()) {
      return null;
    }
    Object[][] byValue = {{EMAIL, "email", "its values look like email addresses"},
        {IBAN, "keep-last:4", "its values look like IBANs"},
        {IPV4, "ip", "its values look like IP addresses"},
        {PHONE, "phone", "its values look like phone numbers"}};
    for (Object[] p : byValue) {
      Pattern pattern = (Pattern) p[0];
      long hits = values.stream().filter(v -> pattern.matcher(v).matches()
          && (pattern != PHONE || phoneLike(v))).count();
      if (hits * 10 >= values.size() * 8) { // most of the sample
        MaskRule rule = MaskRule.parse((String) p[1]);
        if (MaskRules.fits(rule, c) == null) {
          return new Suggestion(table, c.name(), rule, (String) p[2]);
        }
      }
    }
    return null;
  }
}
