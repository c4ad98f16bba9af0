package io.semcache.milvus.internal;

import io.semcache.milvus.MilvusConfig;
import io.semcache.milvus.MilvusTlsException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * One TLS handshake of our own before the SDK connects, because the SDK reports none: gRPC keeps
 * retrying a failed handshake until the connect timeout, then says only "did not complete". The
 * handshake uses the configuration's trust (CA file or the JVM's authorities), server name and
 * client certificate, so it fails exactly where the SDK's would, and the failure is classified:
 * untrusted certificate, a name the certificate is not issued for, a plaintext server, a client
 * certificate required. A server that cannot be reached at all is left to the normal connect
 * path (an outage, not a TLS problem).
 *
 * <p>{@link #speaksTls} answers the reverse question for a plaintext configuration whose connect
 * hangs: whether the server completes a TLS handshake (trusting anything; no data is sent).
 */
final class TlsPreflight {

  private TlsPreflight() {}

  /**
   * @throws MilvusTlsException if the handshake fails for a TLS reason
   */
  static void check(MilvusConfig config, Duration within) {
    String serverName = config.connection().tls().serverName().orElse(config.connection().host());
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(keyManagers(config), trustManagers(config), null);
    } catch (GeneralSecurityException | IOException e) {
      throw new MilvusTlsException("cannot use the TLS files of connection.tls ("
          + e.getMessage() + ")", e);
    }
    int timeout = (int) Math.max(1, Math.min(within.toMillis(), 10_000));
    try (Socket plain = new Socket()) {
      try {
        plain.connect(new InetSocketAddress(config.connection().host(), config.connection().port()), timeout);
      } catch (IOException unreachable) {
        return; // an outage: the normal connect path reports and retries it
      }
      plain.setSoTimeout(timeout);
      try (SSLSocket tls = (SSLSocket) context.getSocketFactory()
          .createSocket(plain, serverName, config.connection().port(), false)) {
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setApplicationProtocols(new String[] {"h2"});
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        // In TLS 1.3 a server refuses the client's certificate (or its absence) only after the
        // client has finished its handshake: listen briefly for that alert.
        tls.setSoTimeout(500);
        try {
          tls.getInputStream().read();
        } catch (java.net.SocketTimeoutException quiet) {
          // the server waits for the HTTP/2 preface: the handshake is accepted
        }
      }
    } catch (SSLException e) {
      throw new MilvusTlsException(describe(config, serverName, e), e);
    } catch (IOException e) {
      // A reset or timeout during the handshake: most often a plaintext server closing on it.
      throw new MilvusTlsException("TLS handshake with Milvus at " + config.connection().host() + ":"
          + config.connection().port() + " failed (" + e + "); if the server does not use TLS, set"
          + " connection.tls.enabled: false", e);
    }
  }

  /** Whether the server at the configured address completes a TLS handshake. */
  static boolean speaksTls(MilvusConfig config, Duration within) {
    int timeout = (int) Math.max(1, Math.min(within.toMillis(), 5_000));
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(config.connection().host(), config.connection().port()), timeout);
      plain.setSoTimeout(timeout);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustAnything()}, null);
      try (SSLSocket tls = (SSLSocket) context.getSocketFactory()
          .createSocket(plain, config.connection().host(), config.connection().port(), false)) {
        tls.startHandshake();
        return true;
      }
    } catch (IOException | GeneralSecurityException e) {
      return false;
    }
  }

  private static String describe(MilvusConfig config, String serverName, SSLException e) {
    String chain = chainText(e).toLowerCase(Locale.ROOT);
    String where = "TLS handshake with Milvus at " + config.connection().host() + ":" + config.connection().port()
        + " failed: ";
    if (chain.contains("no subject alternative") || chain.contains("no name matching")) {
      return where + "the server's certificate is not issued for '" + serverName + "'"
          + (config.connection().tls().serverName().isPresent() ? " (connection.tls.server_name)"
              : " (the host; set connection.tls.server_name to the name in the certificate)");
    }
    if (chain.contains("pkix") || chain.contains("certification path")
        || chain.contains("unable to find valid") || chain.contains("signature check failed")) {
      return where + "the server's certificate is not trusted: it is not signed by "
          + config.connection().tls().caCertPath().map(p -> "the CA in connection.tls.ca_cert_path (" + p + ")")
              .orElse("any of the JVM's default authorities (set connection.tls.ca_cert_path"
                  + " to the CA that signed it)");
    }
    if (chain.contains("unrecognized ssl message") || chain.contains("plaintext")
        || chain.contains("unsupported or unrecognized")) {
      return where + "the server speaks plaintext, not TLS: set connection.tls.enabled: false,"
          + " or enable TLS on the server";
    }
    if (chain.contains("bad_certificate") || chain.contains("certificate_required")
        || chain.contains("handshake_failure") && config.connection().tls().clientCertPath().isEmpty()) {
      return where + "the server refused the client's certificate or requires one (mutual TLS:"
          + " set connection.tls.client_cert_path and client_key_path)";
    }
    return where + e.getMessage();
  }

  private static String chainText(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
    }
    return text.toString();
  }

  private static TrustManager @Nullable [] trustManagers(MilvusConfig config)
      throws GeneralSecurityException, IOException {
    if (config.connection().tls().caCertPath().isEmpty()) {
      return null; // the JVM's default authorities, as the SDK uses them
    }
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    int i = 0;
    for (Certificate certificate : certificates(config.connection().tls().caCertPath().get())) {
      trust.setCertificateEntry("ca-" + i++, certificate);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    return factory.getTrustManagers();
  }

  private static KeyManager @Nullable [] keyManagers(MilvusConfig config)
      throws GeneralSecurityException, IOException {
    if (config.connection().tls().clientCertPath().isEmpty() || config.connection().tls().clientKeyPath().isEmpty()) {
      return null;
    }
    Collection<? extends Certificate> chain = certificates(config.connection().tls().clientCertPath().get());
    PrivateKey key = privateKey(config.connection().tls().clientKeyPath().get());
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setKeyEntry("client", key, new char[0], chain.toArray(Certificate[]::new));
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, new char[0]);
    return factory.getKeyManagers();
  }

  private static Collection<? extends Certificate> certificates(Path pem)
      throws GeneralSecurityException, IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
  }

  private static PrivateKey privateKey(Path pem) throws GeneralSecurityException, IOException {
    String text = Files.readString(pem, StandardCharsets.US_ASCII)
        .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text));
    GeneralSecurityException last = null;
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }

  /** For {@link #speaksTls} only: it asks whether TLS is spoken, not whom to trust. */
  private static final class TrustAnything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
