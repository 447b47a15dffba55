package dev.dbsync.engine.mask;

import dev.dbsync.engine.db.TableReader;

/**
 * The masks a sender applies and the key they are keyed by: the one entry point the link and
 * the faces use. {@link #none()} masks nothing.
 */
public record Masking(MaskRules rules, MaskKey key) {

  public static Masking none() {
    return new Masking(MaskRules.none(), null);
  }

  public boolean isEmpty() {
    return rules == null || rules.isEmpty();
  }

  /** These masks and a permanent connection's own (theirs win for a column both name). */
  public Masking and(MaskRules more) {
    if (more == null || more.isEmpty()) {
      return this;
    }
    if (key == null) {
      throw new dev.dbsync.engine.DbSyncException("Masks need the sender's mask key; this "
          + "share was started without one.");
    }
    return new Masking(rules.and(more), key);
  }

  /** A reader whose rows leave masked ({@code reader} itself when nothing is masked). */
  public TableReader wrap(TableReader reader) {
    return isEmpty() ? reader : new MaskedReader(reader, rules, key);
  }
}
