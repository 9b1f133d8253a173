package io.homeward.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a dependency (a service's gRPC port, PostgreSQL) that the test makes fail
 * the ways networks and servers fail: {@link #pass() pass} bytes through, {@link #delay(Duration)
 * delay} every chunk (a slow service), {@link #refuse() refuse} (every connection closed at once: a
 * service that is down), or {@link #blackhole() blackhole} (connections accepted and bytes
 * swallowed, no answer ever: a hung host or a dropped network). TLS passes through untouched.
 */
public final class FaultProxy implements AutoCloseable {
  private enum Mode {
    PASS,
    DELAY,
    REFUSE,
    BLACKHOLE
  }

  private final int targetPort;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.PASS;
  private volatile long delayMillis;

  /** Listens on a free loopback port, forwarding to {@code 127.0.0.1:targetPort}. */
  public FaultProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "fault-proxy-" + server.getLocalPort());
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public void pass() {
    mode = Mode.PASS;
  }

  /** Every chunk of bytes, either way, waits {@code d} first. */
  public void delay(Duration d) {
    delayMillis = d.toMillis();
    mode = Mode.DELAY;
  }

  /** Closes every connection now and every new one at once. */
  public void refuse() {
    mode = Mode.REFUSE;
    closeAll();
  }

  /** Accepts and swallows; answers nothing, on old connections and new ones. */
  public void blackhole() {
    mode = Mode.BLACKHOLE;
  }

  @Override
  public void close() throws IOException {
    server.close();
    closeAll();
  }

  private void closeAll() {
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // Closing anyway.
      }
    }
    open.clear();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (mode == Mode.REFUSE) {
        try {
          client.close();
        } catch (IOException ignored) {
          // Refused either way.
        }
        continue;
      }
      open.add(client);
      Thread t = new Thread(() -> connect(client), "fault-proxy-connection");
      t.setDaemon(true);
      t.start();
    }
  }

  private void connect(Socket client) {
    Socket upstream;
    try {
      upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
    } catch (IOException e) {
      try {
        client.close();
      } catch (IOException ignored) {
        // Gone.
      }
      return;
    }
    open.add(upstream);
    Thread back = new Thread(() -> pump(upstream, client), "fault-proxy-back");
    back.setDaemon(true);
    back.start();
    pump(client, upstream);
  }

  private void pump(Socket from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        Mode m = mode;
        if (m == Mode.BLACKHOLE) {
          continue;
        }
        if (m == Mode.DELAY) {
          Thread.sleep(delayMillis);
        }
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // A side closed: close the other.
    } finally {
      try {
        from.close();
        to.close();
      } catch (IOException ignored) {
        // Closed.
      }
      open.remove(from);
      open.remove(to);
    }
  }
}
