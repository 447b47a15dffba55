package dev.dbsync.engine.link;

import dev.dbsync.engine.DbSyncException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS for the link: the sender serves a certificate it is given (PEM) or a self-signed one it
 * makes once and keeps; the receiver, given the SHA-256 fingerprint shown next to the code,
 * accepts that certificate and no other.
 */
public final class Tls {
  /** The password of stores made by versions before 0.9 (they are re-keyed when met). */
  static final char[] LEGACY_PASSWORD = "dbsync".toCharArray();

  private Tls() {}

  /** A server context and the fingerprint of its certificate. */
  public record Server(SSLContext context, String fingerprint) {}

  /**
   * Loads the self-signed certificate kept in {@code store} under {@code password}, making it
   * first if needed (readable by its owner only). A store an older version protected with its
   * fixed password is re-keyed under {@code password}.
   */
  public static Server selfSigned(Path store, char[] password) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      if (Files.exists(store)) {
        try (InputStream in = Files.newInputStream(store)) {
          ks.load(in, password);
        } catch (java.io.IOException wrongPassword) {
          try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, LEGACY_PASSWORD);
          }
          java.security.Key key = ks.getKey("dbsync", LEGACY_PASSWORD);
          ks.setKeyEntry("dbsync", key, password, ks.getCertificateChain("dbsync"));
          write(ks, store, password);
        }
      } else {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=DB Sync sender");
        Instant now = Instant.now();
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
            new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(1, ChronoUnit.DAYS)),
                Date.from(now.plus(3650, ChronoUnit.DAYS)), name, kp.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        ks.load(null, null);
        ks.setKeyEntry("dbsync", kp.getPrivate(), password,
            new java.security.cert.Certificate[] {cert});
        Files.createDirectories(store.toAbsolutePath().getParent());
        write(ks, store, password);
      }
      return server(ks, (X509Certificate) ks.getCertificate("dbsync"), password);
    } catch (Exception e) {
      throw new DbSyncException("Could not prepare the sender's certificate in " + store + ": "
          + e.getMessage(), e);
    }
  }

  /** Writes the store beside, owner-only, then moves it in place. */
  private static void write(KeyStore ks, Path store, char[] password) throws Exception {
    Path tmp = store.resolveSibling(store.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp);
    try {
      Files.setPosixFilePermissions(tmp,
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Windows: the data folder's access list covers it
    }
    try (OutputStream out = Files.newOutputStream(tmp)) {
      ks.store(out, password);
    }
    Files.move(tmp, store, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** A certificate and its private key, both PEM files. */
  public static Server fromPem(Path certFile, Path keyFile) {
    try {
      X509Certificate cert;
      try (InputStream in = Files.newInputStream(certFile)) {
        cert = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
            .generateCertificate(in);
      }
      PrivateKey key;
      try (Reader r = Files.newBufferedReader(keyFile); PEMParser p = new PEMParser(r)) {
        Object o = p.readObject();
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
        if (o instanceof PEMKeyPair pair) {
          key = conv.getKeyPair(pair).getPrivate();
        } else if (o instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
          key = conv.getPrivateKey(info);
        } else {
          throw new DbSyncException("The key file " + keyFile + " holds no private key.");
        }
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] inMemory = "in-memory".toCharArray(); // never written anywhere
      ks.setKeyEntry("dbsync", key, inMemory, new java.security.cert.Certificate[] {cert});
      return server(ks, cert, inMemory);
    } catch (DbSyncException e) {
      throw e;
    } catch (Exception e) {
      throw new DbSyncException("Could not load the certificate " + certFile + " and key "
          + keyFile + ": " + e.getMessage(), e);
    }
  }

  private static Server server(KeyStore ks, X509Certificate cert, char[] password)
      throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, password);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return new Server(ctx, fingerprint(cert));
  }

  /** "AB:CD:..." — the SHA-256 of the certificate's DER encoding. */
  public static String fingerprint(X509Certificate cert) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String normalizeFingerprint(String f) {
    return f.replaceAll("[^0-9A-Fa-f]", "").toUpperCase(Locale.ROOT);
  }

  /**
   * A client context: with a fingerprint, only the certificate that has it is accepted;
   * without one, the system's trusted authorities decide. Every refusal is also handed to
   * {@code onReject}, so the caller can explain it whichever thread noticed the failure.
   */
  public static SSLContext client(String expectedFingerprint,
      java.util.function.Consumer<CertificateException> onReject) {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(
          TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      X509TrustManager system = null;
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          system = x;
        }
      }
      X509TrustManager fallback = system;
      String want = expectedFingerprint == null ? null
          : normalizeFingerprint(expectedFingerprint);
      X509TrustManager checking = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType)
            throws CertificateException {
          throw new CertificateException("not a server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
            throws CertificateException {
          try {
            if (want == null) {
              fallback.checkServerTrusted(chain, authType);
              return;
            }
            String got = normalizeFingerprint(fingerprint(chain[0]));
            if (!got.equals(want)) {
              throw new CertificateException("The sender's certificate has the fingerprint "
                  + fingerprint(chain[0]) + ", not the one you were given.");
            }
          } catch (CertificateException e) {
            onReject.accept(want == null ? new CertificateException("The sender's certificate "
                + "is not signed by an authority this computer trusts (fingerprint "
                + fingerprint(chain[0]) + "). If the sender shows this fingerprint, pass it "
                + "with --fingerprint.", e) : e);
            throw e;
          }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return fallback.getAcceptedIssuers();
        }
      };
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {checking}, null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
