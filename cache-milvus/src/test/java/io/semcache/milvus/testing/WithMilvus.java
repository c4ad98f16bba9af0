package io.semcache.milvus.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a real Milvus-protocol server: parameters of type {@link MilvusTestServer}
 * or {@link MilvusEndpoint} in constructors, lifecycle and test methods are filled in.
 *
 * <pre>{@code
 * @WithMilvus
 * class LookupIT {
 *   @Test
 *   void findsWhatWasStored(MilvusEndpoint milvus) { ... }
 * }
 *
 * @WithMilvus(dedicated = true)   // this class kills and restarts its server
 * class OutageDrillIT { ... }
 * }</pre>
 *
 * <p>When the server cannot be had, the class is skipped with the reason, except that a missing
 * milvus-lite fails it when the environment variable {@code CI} is {@code true}; see {@link
 * MilvusServers}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MilvusServerExtension.class)
public @interface WithMilvus {

  /** The kind of server. */
  MilvusFlavor value() default MilvusFlavor.LITE;

  /**
   * {@code false} (default): one server per flavor and JVM, shared by all such classes; its
   * stop, kill and restart are refused. {@code true}: a server of the class's own, closed after
   * the class, which its tests may stop, kill and restart.
   */
  boolean dedicated() default false;
}
