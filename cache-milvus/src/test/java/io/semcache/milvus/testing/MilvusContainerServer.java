package io.semcache.milvus.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.milvus.MilvusContainer;

/**
 * Runs Milvus standalone from a tagged {@code milvusdb/milvus} 2.6 image with Testcontainers'
 * {@link MilvusContainer}, for running the same tests as against milvus-lite when a Docker engine
 * is reachable ({@link #dockerAvailable()}).
 *
 * <p>The gRPC port is published on a fixed host port chosen at start, so that {@link #kill()} and
 * {@link #restart()} (Docker kill and start of the same container, which keeps its data) leave
 * {@link #endpoint()} unchanged; Testcontainers' default random mapping would move it on every
 * start. The image is {@value #DEFAULT_IMAGE} unless the system property {@value #IMAGE_PROPERTY}
 * names another.
 */
public final class MilvusContainerServer implements MilvusTestServer {

  /** The Milvus 2.6 release milvus-sdk-java 2.6.22's own tests run against. */
  public static final String DEFAULT_IMAGE = "milvusdb/milvus:v2.6.18";

  public static final String IMAGE_PROPERTY = "semcache.milvus.image";

  private static final int GRPC_PORT = 19530;
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static volatile @Nullable Boolean dockerAvailable;

  private final MilvusContainer container;
  private final int hostPort;
  private boolean closed;

  private MilvusContainerServer(MilvusContainer container, int hostPort) {
    this.container = container;
    this.hostPort = hostPort;
  }

  /**
   * Whether Testcontainers can reach a Docker engine. Checked once per JVM; any failure of the
   * check (no engine, no socket, a client library problem) counts as "no".
   */
  public static boolean dockerAvailable() {
    Boolean known = dockerAvailable;
    if (known == null) {
      boolean available;
      try {
        available = DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException | LinkageError e) {
        available = false;
      }
      dockerAvailable = known = available;
    }
    return known;
  }

  /** The image to run: {@value #IMAGE_PROPERTY} if set, else {@value #DEFAULT_IMAGE}. */
  public static String image() {
    String configured = System.getProperty(IMAGE_PROPERTY);
    return configured == null || configured.isBlank() ? DEFAULT_IMAGE : configured.trim();
  }

  /**
   * Starts a Milvus standalone container and waits until it answers gRPC.
   *
   * @throws IllegalStateException if no Docker engine is reachable
   */
  public static MilvusContainerServer start() {
    if (!dockerAvailable()) {
      throw new IllegalStateException("no Docker engine is reachable for Testcontainers");
    }
    int hostPort = LoopbackPorts.pickFree();
    MilvusContainer container =
        new MilvusContainer(image())
            .withStartupTimeout(START_TIMEOUT)
            .withCreateContainerCmdModifier(
                cmd -> {
                  HostConfig hostConfig = cmd.getHostConfig();
                  if (hostConfig == null) {
                    hostConfig = HostConfig.newHostConfig();
                    cmd.withHostConfig(hostConfig);
                  }
                  hostConfig.withPortBindings(fixedGrpcPort(hostConfig.getPortBindings(), hostPort));
                });
    container.start();
    MilvusContainerServer server = new MilvusContainerServer(container, hostPort);
    server.awaitGrpc();
    return server;
  }

  /** Keeps every binding Testcontainers made except the gRPC port's, which goes to hostPort. */
  private static Ports fixedGrpcPort(@Nullable Ports existing, int hostPort) {
    ExposedPort grpc = ExposedPort.tcp(GRPC_PORT);
    Ports ports = new Ports();
    if (existing != null) {
      for (Map.Entry<ExposedPort, Ports.Binding[]> entry : existing.getBindings().entrySet()) {
        if (!entry.getKey().equals(grpc) && entry.getValue() != null) {
          for (Ports.Binding binding : entry.getValue()) {
            ports.bind(entry.getKey(), binding);
          }
        }
      }
    }
    ports.bind(grpc, Ports.Binding.bindPort(hostPort));
    return ports;
  }

  @Override
  public MilvusEndpoint endpoint() {
    return MilvusEndpoint.of(container.getHost(), hostPort);
  }

  @Override
  public String description() {
    return "Milvus container " + image() + " at " + endpoint().uri();
  }

  @Override
  public boolean isRunning() {
    if (closed) {
      return false;
    }
    InspectContainerResponse.ContainerState state =
        docker().inspectContainerCmd(container.getContainerId()).exec().getState();
    return Boolean.TRUE.equals(state.getRunning());
  }

  @Override
  public void stop() {
    if (!closed && isRunning()) {
      docker().stopContainerCmd(container.getContainerId()).withTimeout(30).exec();
    }
  }

  @Override
  public void kill() {
    if (!closed && isRunning()) {
      docker().killContainerCmd(container.getContainerId()).withSignal("SIGKILL").exec();
    }
  }

  @Override
  public void restart() {
    if (closed) {
      throw new IllegalStateException("container was closed: " + description());
    }
    stop();
    docker().startContainerCmd(container.getContainerId()).exec();
    awaitGrpc();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      container.stop();
    }
  }

  private void awaitGrpc() {
    ServerReadiness.await(endpoint(), START_TIMEOUT, this::isRunning, this::logTail);
  }

  private String logTail() {
    try {
      String logs = container.getLogs();
      int from = Math.max(0, logs.length() - 4_000);
      return "\n--- last container output ---\n" + logs.substring(from);
    } catch (RuntimeException e) {
      return "";
    }
  }

  private DockerClient docker() {
    return container.getDockerClient();
  }

  @Override
  public String toString() {
    return description();
  }
}
