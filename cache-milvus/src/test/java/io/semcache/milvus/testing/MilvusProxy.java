package io.semcache.milvus.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import org.jspecify.annotations.Nullable;

/**
 * A loopback TCP proxy in front of a test server, for what the server alone cannot show:
 *
 * <ul>
 *   <li><b>TLS.</b> milvus-lite speaks plaintext only. {@link #tls} terminates TLS (HTTP/2 via
 *       ALPN, optionally requiring a client certificate) and forwards the bytes in plaintext, so
 *       the backend's TLS settings are exercised end to end with a real handshake.
 *   <li><b>A slow or hung server.</b> {@link #stall()} stops forwarding while keeping connections
 *       open: calls then hang until their deadline, as with an overloaded Milvus, which killing
 *       the process (connection refused) does not reproduce. {@link #latency} delays every chunk.
 *   <li><b>Broken connections.</b> {@link #dropConnections()} closes every open connection.
 * </ul>
 *
 * <p>Bytes are forwarded untouched, so the client still talks to the real server behind it.
 */
public final class MilvusProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final MilvusEndpoint upstream;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Object gate = new Object();
  private final AtomicLong latencyMillis = new AtomicLong();
  private volatile boolean stalled;
  private volatile boolean closed;

  private MilvusProxy(ServerSocket listener, MilvusEndpoint upstream) {
    this.listener = listener;
    this.upstream = upstream;
    Thread acceptor = new Thread(this::acceptLoop, "milvus-proxy-accept-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A plaintext proxy to {@code upstream}. */
  public static MilvusProxy plain(MilvusEndpoint upstream) {
    try {
      return new MilvusProxy(
          new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), upstream);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open a proxy port", e);
    }
  }

  /**
   * A proxy that accepts TLS with the server certificate from {@code certificates} (valid for
   * {@code localhost} and {@code 127.0.0.1}) and forwards plaintext to {@code upstream}.
   *
   * @param requireClientCertificate mutual TLS: refuse clients without a certificate signed by the
   *     test CA
   */
  public static MilvusProxy tls(
      MilvusEndpoint upstream, TestCertificates certificates, boolean requireClientCertificate) {
    try {
      SSLServerSocket socket =
          (SSLServerSocket)
              certificates
                  .serverContext()
                  .getServerSocketFactory()
                  .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {"h2"}); // gRPC insists on ALPN h2
      parameters.setNeedClientAuth(requireClientCertificate);
      socket.setSSLParameters(parameters);
      return new MilvusProxy(socket, upstream);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open a TLS proxy port", e);
    }
  }

  /**
   * Where clients connect: the loopback address, the proxy's port, the upstream's token. Over TLS,
   * clients set the server name {@value TestCertificates#SERVER_NAME} for host-name verification.
   */
  public MilvusEndpoint endpoint() {
    return new MilvusEndpoint(
        listener.getInetAddress().getHostAddress(), listener.getLocalPort(), upstream.token());
  }

  /** Stops forwarding in both directions; connections stay open and new ones are accepted. */
  public void stall() {
    stalled = true;
  }

  /** Forwards again, including what was held back while stalled. */
  public void resume() {
    synchronized (gate) {
      stalled = false;
      gate.notifyAll();
    }
  }

  /** Delays every forwarded chunk, in both directions, by {@code delay} (zero to stop). */
  public void latency(Duration delay) {
    latencyMillis.set(delay.toMillis());
  }

  /** Closes every open connection, as a network fault or a proxy restart would. */
  public void dropConnections() {
    for (Socket socket : open) {
      closeQuietly(socket);
    }
  }

  @Override
  public void close() {
    closed = true;
    resume();
    closeQuietly(listener);
    dropConnections();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      Socket server = new Socket();
      try {
        server.connect(new InetSocketAddress(upstream.host(), upstream.port()), 5_000);
      } catch (IOException e) {
        // Upstream down: the client sees its connection closed, like a refused connection.
        closeQuietly(client);
        closeQuietly(server);
        continue;
      }
      open.add(client);
      open.add(server);
      pump(client, server, "up");
      pump(server, client, "down");
    }
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  awaitForwarding();
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // closed from the other side or by dropConnections(): fall through and close both
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "milvus-proxy-" + direction + "-" + listener.getLocalPort());
    thread.setDaemon(true);
    thread.start();
  }

  private void awaitForwarding() throws InterruptedException {
    long delay = latencyMillis.get();
    if (delay > 0) {
      Thread.sleep(delay);
    }
    synchronized (gate) {
      while (stalled && !closed) {
        gate.wait();
      }
    }
  }

  private static void closeQuietly(@Nullable Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException e) {
      // already broken; nothing to do
    }
  }
}
