package dev.dbsync.engine.link;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address block ("10.1.0.0/16", "2001:db8::/32", or one address) and membership; literals
 * only, never a name (a DNS lookup on every request).
 */
public record Cidr(byte[] network, int bits) {

  /** Whether {@code text} is an address or a block. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether {@code address} (a literal) is in the block {@code block}. */
  public static boolean contains(String block, String address) {
    return parse(block).contains(address);
  }

  public static Cidr parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    String host = slash < 0 ? t : t.substring(0, slash);
    // literals only: a name here would mean a DNS lookup on every request
    if (!host.matches("(\\d{1,3}\\.){3}\\d{1,3}|[0-9a-fA-F]*:[0-9a-fA-F:.]*")) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block.");
    }
    try {
      byte[] addr = InetAddress.getByName(host).getAddress();
      int bits = slash < 0 ? addr.length * 8 : Integer.parseInt(t.substring(slash + 1));
      if (bits < 0 || bits > addr.length * 8) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length out of range.");
      }
      return new Cidr(addr, bits);
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block.");
    }
  }

  public boolean contains(String address) {
    if (address == null || !address.matches("[0-9a-fA-F:.%]+")) {
      return false; // not a literal: never resolved
    }
    byte[] a;
    try {
      a = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      return false;
    }
    if (a.length != network.length) {
      return false;
    }
    int full = bits / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }
}
