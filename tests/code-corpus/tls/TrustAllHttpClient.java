package com.example.integration;

import java.net.URL;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.conn.ssl.TrustSelfSignedStrategy;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.ssl.SSLContextBuilder;
import org.apache.http.ssl.SSLContexts;

public final class TrustAllHttpClient {

    private TrustAllHttpClient() {}

    public static void disableCertificateValidation() throws Exception {
        TrustManager[] trustAllCerts = new TrustManager[] {
            new X509TrustManager() {
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }

                public void checkClientTrusted(X509Certificate[] certs, String authType) {
                }

                public void checkServerTrusted(X509Certificate[] certs, String authType) { // ward-expect: tls
                }
            }
        };
        SSLContext sc = SSLContext.getInstance("TLS");
        sc.init(null, trustAllCerts, new SecureRandom());
        HttpsURLConnection.setDefaultSSLSocketFactory(sc.getSocketFactory());
        HttpsURLConnection.setDefaultHostnameVerifier((hostname, session) -> true); // ward-expect: tls
    }

    public static HttpsURLConnection open(String url) throws Exception {
        HttpsURLConnection conn = (HttpsURLConnection) new URL(url).openConnection();
        conn.setHostnameVerifier(new HostnameVerifier() {
            @Override
            public boolean verify(String hostname, SSLSession session) {
                return true; // ward-expect: tls
            }
        });
        return conn;
    }

    public static CloseableHttpClient apacheClient() throws Exception {
        SSLContext ctx = new SSLContextBuilder().loadTrustMaterial(null, (chain, authType) -> true).build(); // ward-expect: tls
        return HttpClients.custom()
                .setSSLContext(ctx)
                .setSSLHostnameVerifier(NoopHostnameVerifier.INSTANCE) // ward-expect: tls
                .build();
    }

    @SuppressWarnings("deprecation")
    public static CloseableHttpClient legacyApacheClient(SSLContext ctx) {
        SSLConnectionSocketFactory sf = new SSLConnectionSocketFactory(ctx, SSLConnectionSocketFactory.ALLOW_ALL_HOSTNAME_VERIFIER); // ward-expect: tls
        return HttpClients.custom().setSSLSocketFactory(sf).build();
    }

    // ward-good: tls
    public static SSLContext internalCaContext(KeyStore trustStore) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    // ward-good: tls
    public static CloseableHttpClient verifiedApacheClient(KeyStore trustStore) throws Exception {
        SSLContext ctx = SSLContexts.custom().loadTrustMaterial(trustStore, null).build();
        return HttpClients.custom()
                .setSSLSocketFactory(new SSLConnectionSocketFactory(ctx, SSLConnectionSocketFactory.getDefaultHostnameVerifier()))
                .build();
    }

    // ward-good: tls
    public static HostnameVerifier strictVerifier(String expected) {
        return (hostname, session) -> expected.equalsIgnoreCase(hostname)
                && HttpsURLConnection.getDefaultHostnameVerifier().verify(hostname, session);
    }

    // ward-good: tls
    static final class PinningTrustManager implements X509TrustManager {
        private final X509TrustManager delegate;
        private final String pin;

        PinningTrustManager(X509TrustManager delegate, String pin) {
            this.delegate = delegate;
            this.pin = pin;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            delegate.checkServerTrusted(chain, authType);
            if (!Pins.sha256(chain[0]).equals(pin)) {
                throw new java.security.cert.CertificateException("pin mismatch");
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
