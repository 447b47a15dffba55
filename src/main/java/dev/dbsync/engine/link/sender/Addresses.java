package dev.dbsync.engine.link.sender;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The addresses a colleague can use to reach a running share. */
public final class Addresses {
  private Addresses() {}

  /**
   * One URL per non-loopback IPv4 interface that is up (or the bound address alone), and the
   * loopback one last, for a receiver on the same computer.
   */
  public static List<String> of(ShareServer server, String bindAddress) {
    List<String> hosts = new ArrayList<>();
    if (!bindAddress.equals("0.0.0.0") && !bindAddress.equals("::")) {
      hosts.add(bindAddress);
    } else {
      try {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
          if (ni.isUp() && !ni.isLoopback()) {
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
              if (a instanceof Inet4Address) {
                hosts.add(a.getHostAddress());
              }
            }
          }
        }
      } catch (Exception e) {
        // no interface list: loopback only
      }
      hosts.add("127.0.0.1");
    }
    return hosts.stream().map(h -> server.scheme() + "://" + h + ":" + server.port()).toList();
  }
}
