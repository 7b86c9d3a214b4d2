package com.example.net

import android.annotation.SuppressLint
import okhttp3.CertificatePinner
import okhttp3.OkHttpClient
import java.security.SecureRandom
import java.security.cert.X509Certificate
import java.util.concurrent.TimeUnit
import javax.net.ssl.HostnameVerifier
import javax.net.ssl.SSLContext
import javax.net.ssl.TrustManager
import javax.net.ssl.X509TrustManager

object UnsafeOkHttp {

    @SuppressLint("CustomX509TrustManager", "TrustAllX509TrustManager")
    private val trustAll = object : X509TrustManager {
        override fun checkClientTrusted(chain: Array<X509Certificate>, authType: String) {}
        override fun checkServerTrusted(chain: Array<X509Certificate>, authType: String) {} // ward-expect: tls
        override fun getAcceptedIssuers(): Array<X509Certificate> = arrayOf()
    }

    fun client(): OkHttpClient {
        val sslContext = SSLContext.getInstance("SSL")
        sslContext.init(null, arrayOf<TrustManager>(trustAll), SecureRandom())
        return OkHttpClient.Builder()
            .sslSocketFactory(sslContext.socketFactory, trustAll)
            .hostnameVerifier { _, _ -> true } // ward-expect: tls
            .connectTimeout(30, TimeUnit.SECONDS)
            .build()
    }

    val acceptAnyHost = HostnameVerifier { _, _ -> true } // ward-expect: tls
}

object SafeOkHttp {
    // ward-good: tls
    fun client(): OkHttpClient {
        val pinner = CertificatePinner.Builder()
            .add("api.example.com", "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
            .build()
        return OkHttpClient.Builder()
            .certificatePinner(pinner)
            .connectTimeout(30, TimeUnit.SECONDS)
            .build()
    }
}

object KtorClients {
    // ward-good: tls
    fun verified() = io.ktor.client.HttpClient(io.ktor.client.engine.okhttp.OkHttp) {
        engine { preconfigured = SafeOkHttp.client() }
    }

    // ward-good: tls
    // .hostnameVerifier { _, _ -> true }   <- removed, see SEC-412
    fun note() = "hostname verification stays on"
}
