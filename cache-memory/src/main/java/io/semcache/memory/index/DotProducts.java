package io.semcache.memory.index;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the dot-product kernel once per JVM. The Vector API kernel is used when the incubating module
 * {@code jdk.incubator.vector} is in the boot layer (the application runs with {@code --add-modules
 * jdk.incubator.vector}); otherwise, and when the system property {@value #KERNEL_PROPERTY} is
 * {@code scalar}, the portable scalar kernel is used. The library never requires the module.
 */
final class DotProducts {

  /** System property that forces a kernel: {@code scalar} or {@code vector-api}. */
  static final String KERNEL_PROPERTY = "io.semcache.memory.index.kernel";

  /**
   * System property that picks the exact index's scan, read when an index is created: {@code float}
   * (every float row) or {@code quantized} (int8 codes, then the float rows near the top). The
   * default is quantized with the Vector API and float without it, where the int8 scan is not
   * faster.
   */
  static final String SCAN_PROPERTY = "io.semcache.memory.index.scan";

  /**
   * System property that picks how an HNSW search walks the graph, read when an index is created:
   * {@code float}, or {@code quantized} (int8 codes, then the beam re-ranked in float), the default
   * with the Vector API.
   */
  static final String WALK_PROPERTY = "io.semcache.memory.index.walk";

  private static final String VECTOR_MODULE = "jdk.incubator.vector";
  private static final Logger log = LoggerFactory.getLogger(DotProducts.class);
  private static final DotProduct PREFERRED = select();
  private static final Optional<Int8DotProduct> VECTOR_API_INT8 = loadVectorApiInt8();

  private DotProducts() {}

  /** The fastest kernel available in this JVM. */
  static DotProduct preferred() {
    return PREFERRED;
  }

  static DotProduct scalar() {
    return ScalarDotProduct.INSTANCE;
  }

  /** The Vector API kernel, or empty when the incubating module is not in the boot layer. */
  static Optional<DotProduct> vectorApi() {
    if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
      return Optional.empty();
    }
    try {
      // Loaded by name so that this class never links against the incubator module.
      Class<?> type = Class.forName(DotProducts.class.getPackageName() + ".VectorApiDotProduct");
      return Optional.of((DotProduct) type.getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError e) {
      log.warn("Vector API present but unusable, using the scalar dot product", e);
      return Optional.empty();
    }
  }

  /**
   * The int8 kernel an exact index over {@code dimension} floats scans codes with, or null for a
   * scan of the float rows; see {@link #SCAN_PROPERTY}.
   */
  static @Nullable Int8DotProduct int8ForScan(int dimension) {
    String forced = System.getProperty(SCAN_PROPERTY, "").trim().toLowerCase(Locale.ROOT);
    if (forced.equals("float") || dimension > Int8DotProduct.MAX_LENGTH) {
      return null;
    }
    Int8DotProduct simd = PREFERRED.lanes() >= 4 ? VECTOR_API_INT8.orElse(null) : null;
    if (forced.equals("quantized")) {
      return simd != null ? simd : ScalarInt8DotProduct.INSTANCE;
    }
    return simd;
  }

  /**
   * The int8 kernel an HNSW search walks codes with, or null to walk floats: the Vector API kernel
   * only (the scalar one is slower than the float kernel), and not when {@value #WALK_PROPERTY} is
   * {@code float}.
   */
  static @Nullable Int8DotProduct int8ForWalk(int dimension) {
    String forced = System.getProperty(WALK_PROPERTY, "").trim().toLowerCase(Locale.ROOT);
    if (forced.equals("float") || dimension > Int8DotProduct.MAX_LENGTH) {
      return null;
    }
    return PREFERRED.lanes() >= 4 ? VECTOR_API_INT8.orElse(null) : null;
  }

  static Int8DotProduct scalarInt8() {
    return ScalarInt8DotProduct.INSTANCE;
  }

  /** The Vector API int8 kernel, or empty when the incubating module is not in the boot layer. */
  static Optional<Int8DotProduct> vectorApiInt8() {
    return VECTOR_API_INT8;
  }

  private static Optional<Int8DotProduct> loadVectorApiInt8() {
    if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
      return Optional.empty();
    }
    try {
      Class<?> type =
          Class.forName(DotProducts.class.getPackageName() + ".VectorApiInt8DotProduct");
      return Optional.of((Int8DotProduct) type.getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError e) {
      log.warn("Vector API present but unusable, the exact index scans floats", e);
      return Optional.empty();
    }
  }

  private static DotProduct select() {
    String forced = System.getProperty(KERNEL_PROPERTY, "").trim().toLowerCase(Locale.ROOT);
    if (forced.equals("scalar")) {
      return scalar();
    }
    Optional<DotProduct> simd = vectorApi();
    if (forced.equals("vector-api") && simd.isEmpty()) {
      log.warn("{}=vector-api but module {} is not in the boot layer (run with --add-modules {});"
          + " using the scalar dot product", KERNEL_PROPERTY, VECTOR_MODULE, VECTOR_MODULE);
    }
    // With fewer than 4 lanes (no usable SIMD unit) the unrolled scalar loop is as fast.
    DotProduct kernel = simd.filter(k -> k.lanes() >= 4 || forced.equals("vector-api"))
        .orElse(scalar());
    log.debug("Vector index dot product: {}", kernel.name());
    return kernel;
  }

  /** Whether the JIT emits hardware fused multiply-add; assumed true when it cannot be asked. */
  static boolean hardwareFma() {
    try {
      HotSpotDiagnosticMXBean hotspot =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return hotspot == null || Boolean.parseBoolean(hotspot.getVMOption("UseFMA").getValue());
    } catch (RuntimeException | LinkageError e) {
      return true;
    }
  }
}
