package io.livetodo.support;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made by the JDK's own keytool (nothing to
 * install), written as the PEM files nginx reads, with an SSLContext that trusts it and nothing else.
 */
public final class TestCertificate {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private final Path certificate;
    private final Path key;
    private final SSLContext trusting;

    private TestCertificate(Path certificate, Path key, SSLContext trusting) {
        this.certificate = certificate;
        this.key = key;
        this.trusting = trusting;
    }

    /** Makes one in {@code folder}: {@code livetodo.crt} and {@code livetodo.key}. */
    public static TestCertificate make(Path folder) throws IOException {
        Path store = folder.resolve("livetodo.p12");
        Files.deleteIfExists(store);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "livetodo", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=DNS:localhost,IP:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).redirectOutput(folder.resolve("keytool.log").toFile()).start();
        try {
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IOException("keytool failed: " + Files.readString(folder.resolve("keytool.log")));
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, PASSWORD);
            }
            Certificate cert = keys.getCertificate("livetodo");
            PrivateKey privateKey = (PrivateKey) keys.getKey("livetodo", PASSWORD);
            Path certificate = folder.resolve("livetodo.crt");
            Path key = folder.resolve("livetodo.key");
            Files.writeString(certificate, pem("CERTIFICATE", cert.getEncoded()));
            Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()));

            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("livetodo", cert);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return new TestCertificate(certificate, key, context);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(der);
        return String.join("\n", List.of("-----BEGIN " + type + "-----", body, "-----END " + type + "-----", ""));
    }

    public Path certificate() {
        return certificate;
    }

    public Path key() {
        return key;
    }

    /** Trusts this certificate only. */
    public SSLContext trusting() {
        return trusting;
    }
}
