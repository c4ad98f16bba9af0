package io.semcache.milvus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Free-port and listener checks on the loopback interface. */
final class LoopbackPorts {

  private LoopbackPorts() {}

  /** A port that is free on loopback right now (the OS picks it). */
  static int pickFree() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("could not find a free loopback port", e);
    }
  }

  /**
   * Whether nothing listens on {@code port}. Java's sockets do not set {@code SO_REUSEPORT}, so
   * this bind fails even when the current owner (like gRPC servers, which set that option by
   * default) would let another {@code SO_REUSEPORT} socket share the port.
   */
  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether something accepts TCP connections on loopback {@code port}. */
  static boolean accepts(int port, int timeoutMillis) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * How many sockets listen on TCP {@code port}, from {@code /proc/net/tcp{,6}}; -1 where that is
   * not available (not Linux). gRPC servers bind with {@code SO_REUSEPORT}, so two test servers
   * started at the same moment by two builds on one machine can end up sharing a port, each then
   * answering part of the connections; more than one listener reveals that.
   */
  static int listenerCount(int port) {
    String hexPort = String.format(Locale.ROOT, ":%04X", port);
    int count = 0;
    boolean readAny = false;
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.isReadable(path)) {
        continue;
      }
      try {
        for (String line : Files.readAllLines(path)) {
          String[] cols = line.trim().split("\\s+");
          // cols[1] = local address "ADDR:PORT", cols[3] = state; 0A is LISTEN.
          if (cols.length > 3 && cols[1].endsWith(hexPort) && cols[3].equals("0A")) {
            count++;
          }
        }
        readAny = true;
      } catch (IOException e) {
        // fall through: treat as unknown if no table could be read
      }
    }
    return readAny ? count : -1;
  }
}
