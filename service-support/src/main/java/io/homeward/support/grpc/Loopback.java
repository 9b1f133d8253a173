package io.homeward.support.grpc;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether traffic to a host stays on this machine, the one place plaintext gRPC may go. */
public final class Loopback {
  private Loopback() {}

  /**
   * True when every address of {@code host} is a loopback address; an unresolvable host is not
   * taken for loopback.
   */
  public static boolean only(String host) {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
