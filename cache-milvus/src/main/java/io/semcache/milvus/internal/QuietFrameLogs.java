package io.semcache.milvus.internal;

import io.milvus.shaded.io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLogLevel;
import io.milvus.shaded.io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLogger;
import io.milvus.shaded.io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLoggerFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * Keeps credentials out of the logs at every level. The SDK bundles a shaded gRPC and Netty; at
 * DEBUG, gRPC's {@code NettyClientHandler} and {@code NettyServerHandler} dump every HTTP/2 frame
 * through Netty's logging (which goes to SLF4J), headers included, and the SDK sends the
 * credentials as the {@code authorization} header (base64 of {@code user:password}) on every
 * call. So the shaded Netty's logger factory is wrapped, once, before the first client exists:
 * the frame loggers of those two classes report DEBUG and TRACE as disabled and drop such calls;
 * every other logger is the one the factory made.
 *
 * <p>Netty takes its loggers when a class is initialised, so this only works if no SDK client
 * was created before the first semcache-milvus class that connects; a client handed in with
 * {@code .client(...)} and created earlier keeps its loggers (the README says so).
 */
final class QuietFrameLogs {

  private static final Set<String> FRAME_LOGGERS = Set.of("NettyClientHandler",
      "NettyServerHandler", "Http2FrameLogger");
  private static volatile boolean installed;

  private QuietFrameLogs() {}

  static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    InternalLoggerFactory original = InternalLoggerFactory.getDefaultFactory();
    InternalLoggerFactory.setDefaultFactory(new InternalLoggerFactory() {
      @Override
      protected InternalLogger newInstance(String name) {
        InternalLogger logger = getInstanceFrom(original, name);
        String simple = name.substring(name.lastIndexOf('.') + 1);
        return FRAME_LOGGERS.contains(simple) ? withoutDebug(logger) : logger;
      }
    });
  }

  private static InternalLogger getInstanceFrom(InternalLoggerFactory factory, String name) {
    try {
      Method newInstance = InternalLoggerFactory.class.getDeclaredMethod("newInstance",
          String.class);
      newInstance.setAccessible(true);
      return (InternalLogger) newInstance.invoke(factory, name);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Cannot ask the original factory: log nothing rather than risk the header.
      return (InternalLogger) Proxy.newProxyInstance(QuietFrameLogs.class.getClassLoader(),
          new Class<?>[] {InternalLogger.class}, (proxy, method, args) ->
              method.getReturnType() == boolean.class ? Boolean.FALSE
                  : method.getReturnType() == String.class ? name : null);
    }
  }

  private static InternalLogger withoutDebug(InternalLogger delegate) {
    return (InternalLogger) Proxy.newProxyInstance(QuietFrameLogs.class.getClassLoader(),
        new Class<?>[] {InternalLogger.class}, (proxy, method, args) -> {
          if (suppressed(method, args)) {
            return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
          }
          try {
            return method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static boolean suppressed(Method method, Object[] args) {
    String name = method.getName();
    if (name.startsWith("trace") || name.startsWith("debug") || name.equals("isTraceEnabled")
        || name.equals("isDebugEnabled")) {
      return true;
    }
    if ((name.equals("log") || name.equals("isEnabled")) && args != null && args.length > 0
        && args[0] instanceof InternalLogLevel level) {
      return level == InternalLogLevel.DEBUG || level == InternalLogLevel.TRACE;
    }
    return false;
  }
}
