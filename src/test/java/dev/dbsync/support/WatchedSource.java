package dev.dbsync.support;

import dev.dbsync.engine.transfer.Source;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * A source that notes which of its methods a transfer calls ({@code name}, and
 * {@code name:table} when the first argument is a table), read on one lane so that every read
 * passes here, and that may refuse binary COPY, or break when a table's rows are read.
 */
public final class WatchedSource {
  private WatchedSource() {}

  public static Source of(Source inner, Set<String> called) {
    return of(inner, called, true);
  }

  /** {@code binary} false: the source says it cannot write binary COPY. */
  public static Source of(Source inner, Set<String> called, boolean binary) {
    return of(inner, called, binary, null);
  }

  /**
   * A source whose link breaks when the rows of {@code table} are read (its description,
   * counts and checksums still answer, so a compare runs).
   */
  public static Source breaking(Source inner, String table) {
    return of(inner, new java.util.HashSet<>(), true, table);
  }

  private static Source of(Source inner, Set<String> called, boolean binary, String breaks) {
    return (Source) Proxy.newProxyInstance(Source.class.getClassLoader(),
        new Class<?>[] {Source.class}, (proxy, m, args) -> {
          called.add(m.getName());
          if (args != null && args.length > 0 && args[0] instanceof String table) {
            called.add(m.getName() + ":" + table);
            if (table.equals(breaks)
                && (m.getName().startsWith("copy") || m.getName().equals("stream"))) {
              throw new dev.dbsync.engine.DbSyncException("The link was lost.");
            }
          }
          switch (m.getName()) {
            case "canCopyBinary" -> {
              if (!binary) {
                return false;
              }
            }
            case "lanes" -> {
              return 1;
            }
            case "lane" -> {
              return proxy;
            }
            default -> { }
          }
          try {
            return m.invoke(inner, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
