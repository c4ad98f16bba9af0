package io.semcache.milvus.testing;

import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link WithMilvus}: gets the class's server before each test and injects it
 * as {@link MilvusTestServer} or {@link MilvusEndpoint}. The server is started once per class (or
 * once per JVM when shared); checking before each test rather than once before all of them makes an
 * unavailable server show up as one skipped (or failed) test per test method, with the reason,
 * where a class-level skip would be reported as "Tests run: 0". Dedicated servers are closed when
 * the class's extension context closes; the shared one when the JVM exits.
 */
public final class MilvusServerExtension implements BeforeEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MilvusServerExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    server(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == MilvusTestServer.class || type == MilvusEndpoint.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    MilvusTestServer server = server(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == MilvusTestServer.class) {
      return server;
    }
    if (type == MilvusEndpoint.class) {
      return server.endpoint();
    }
    throw new ParameterResolutionException("unsupported parameter type " + type);
  }

  private static MilvusTestServer server(ExtensionContext context) {
    ExtensionContext classContext = classContext(context);
    WithMilvus config = configuration(classContext.getRequiredTestClass());
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            Handle.class,
            key ->
                config.dedicated()
                    ? new Handle(MilvusServers.startDedicated(config.value()), true)
                    : new Handle(MilvusServers.shared(config.value()), false),
            Handle.class)
        .server;
  }

  /** The context of the class the tests are in, so that all its methods get the same server. */
  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  private static WithMilvus configuration(Class<?> testClass) {
    for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
      Optional<WithMilvus> found = AnnotationSupport.findAnnotation(type, WithMilvus.class);
      if (found.isPresent()) {
        return found.get();
      }
    }
    throw new IllegalStateException(
        testClass.getName() + " uses MilvusServerExtension without @WithMilvus");
  }

  /** Closed by JUnit with the class's store; closes only servers the class owns. */
  private static final class Handle implements AutoCloseable {
    final MilvusTestServer server;
    final boolean owned;

    Handle(MilvusTestServer server, boolean owned) {
      this.server = server;
      this.owned = owned;
    }

    @Override
    public void close() {
      if (owned) {
        server.close();
      }
    }
  }
}
