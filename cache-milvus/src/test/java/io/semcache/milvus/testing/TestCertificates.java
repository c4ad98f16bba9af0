package io.semcache.milvus.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Throwaway TLS material for tests: a CA, a server certificate for {@code localhost} and
 * {@code 127.0.0.1}, and a client certificate, all signed by the CA, written as the PEM files the
 * Milvus SDK reads ({@code caPemPath}, {@code serverPemPath}, {@code clientPemPath}, {@code
 * clientKeyPath}). Made with the JDK's own {@code keytool}, so nothing outside the JDK is needed;
 * generated once per directory and reused.
 *
 * @param dir the directory holding all files
 * @param caPem the CA certificate (trust anchor for both sides)
 * @param clientCertPem the client certificate, for mutual TLS
 * @param clientKeyPem the client's private key, unencrypted PKCS#8
 */
public record TestCertificates(Path dir, Path caPem, Path clientCertPem, Path clientKeyPem) {

  /** The name the server certificate is issued for; clients verify the host name against it. */
  public static final String SERVER_NAME = "localhost";
  private static final String PASSWORD = "semcache-test";

  /** Creates the files in {@code dir}, or reuses them if an earlier call made them. */
  public static synchronized TestCertificates createIn(Path dir) {
    TestCertificates certs =
        new TestCertificates(
            dir, dir.resolve("ca.pem"), dir.resolve("client.pem"), dir.resolve("client.key"));
    if (Files.isRegularFile(certs.clientKeyPem())) {
      return certs;
    }
    try {
      Files.createDirectories(dir);
      Path ca = dir.resolve("ca.p12");
      keytool(dir, "-genkeypair", "-alias", "ca", "-dname", "CN=semcache test CA",
          "-ext", "bc:c", "-keystore", ca.toString());
      keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(),
          "-file", certs.caPem().toString());
      issue(dir, ca, "server", "CN=" + SERVER_NAME, "SAN=dns:localhost,ip:127.0.0.1");
      issue(dir, ca, "client", "CN=semcache test client", null);
      keytool(dir, "-exportcert", "-rfc", "-alias", "client", "-keystore",
          dir.resolve("client.p12").toString(), "-file", certs.clientCertPem().toString());
      writePrivateKeyPem(dir.resolve("client.p12"), "client", certs.clientKeyPem());
      return certs;
    } catch (IOException e) {
      throw new UncheckedIOException("could not create test certificates in " + dir, e);
    }
  }

  /**
   * The server's certificate and unencrypted PKCS#8 key as PEM files ({@code server.pem}, {@code
   * server.key} in {@link #dir()}), for servers configured by file such as Milvus standalone;
   * written on first use.
   *
   * @return the certificate and the key, in that order
   */
  public synchronized List<Path> serverPemFiles() {
    Path cert = dir.resolve("server.pem");
    Path key = dir.resolve("server.key");
    try {
      if (!Files.isRegularFile(key)) {
        keytool(dir, "-exportcert", "-rfc", "-alias", "server", "-keystore",
            dir.resolve("server.p12").toString(), "-file", cert.toString());
        writePrivateKeyPem(dir.resolve("server.p12"), "server", key);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the server PEM files in " + dir, e);
    }
    return List.of(cert, key);
  }

  /** The server side's TLS context: the server certificate, trusting the CA for client certs. */
  SSLContext serverContext() {
    try {
      KeyStore server = load(dir.resolve("server.p12"));
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(server, PASSWORD.toCharArray());
      KeyStore trust = load(dir.resolve("ca.p12"));
      TrustManagerFactory trusted =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trusted.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trusted.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not build the server TLS context from " + dir, e);
    }
  }

  /** Makes a key pair under {@code alias} and replaces its certificate with one the CA signed. */
  private static void issue(Path dir, Path ca, String alias, String dname, @Nullable String san)
      throws IOException {
    Path store = dir.resolve(alias + ".p12");
    Path csr = dir.resolve(alias + ".csr");
    Path signed = dir.resolve(alias + "-signed.pem");
    keytool(dir, "-genkeypair", "-alias", alias, "-dname", dname, "-keystore", store.toString());
    keytool(dir, "-certreq", "-alias", alias, "-keystore", store.toString(), "-file", csr.toString());
    List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca",
        "-keystore", ca.toString(), "-infile", csr.toString(), "-outfile", signed.toString()));
    if (san != null) {
      gencert.addAll(List.of("-ext", san));
    }
    keytool(dir, gencert.toArray(String[]::new));
    keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", dir.resolve("ca.pem").toString(),
        "-keystore", store.toString());
    keytool(dir, "-importcert", "-alias", alias, "-file", signed.toString(),
        "-keystore", store.toString());
  }

  private static void writePrivateKeyPem(Path store, String alias, Path target) throws IOException {
    try {
      PrivateKey key = (PrivateKey) load(store).getKey(alias, PASSWORD.toCharArray());
      String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(key.getEncoded());
      Files.writeString(target,
          "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n",
          StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException e) {
      throw new IOException("could not read the private key '" + alias + "' from " + store, e);
    }
  }

  private static KeyStore load(Path store) throws IOException, GeneralSecurityException {
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keyStore.load(in, PASSWORD.toCharArray());
    }
    return keyStore;
  }

  private static void keytool(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12"));
    if (args[0].equals("-genkeypair")) {
      command.addAll(List.of("-keyalg", "RSA", "-keysize", "2048", "-validity", "7"));
    }
    Path output = dir.resolve("keytool.log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
            .start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("keytool " + args[0] + " failed; see " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
  }
}
