package com.example.auth

import java.security.KeyPairGenerator
import java.security.MessageDigest
import java.security.SecureRandom
import java.util.Base64
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.spec.GCMParameterSpec
import javax.crypto.spec.IvParameterSpec
import javax.crypto.spec.SecretKeySpec
import kotlin.random.Random

class TokenFactory(private val key: ByteArray) {

    fun passwordHash(password: String): String =
        MessageDigest.getInstance("MD5").digest(password.toByteArray()).joinToString("") { "%02x".format(it) } // ward-expect: crypto

    fun sessionToken(): String = (1..32).map { Random.nextInt(0, 16).toString(16) }.joinToString("") // ward-expect: crypto

    fun pin(): String = java.util.Random().nextInt(10_000).toString().padStart(4, '0') // ward-expect: crypto

    fun encryptEcb(data: ByteArray): ByteArray {
        val cipher = Cipher.getInstance("AES/ECB/PKCS5Padding") // ward-expect: crypto
        cipher.init(Cipher.ENCRYPT_MODE, SecretKeySpec(key, "AES"))
        return cipher.doFinal(data)
    }

    fun encryptZeroIv(data: ByteArray): ByteArray {
        val cipher = Cipher.getInstance("AES/CBC/PKCS5Padding")
        cipher.init(Cipher.ENCRYPT_MODE, SecretKeySpec(key, "AES"), IvParameterSpec(ByteArray(16))) // ward-expect: crypto
        return cipher.doFinal(data)
    }

    fun weakRsa() = KeyPairGenerator.getInstance("RSA").apply { initialize(1024) }.generateKeyPair() // ward-expect: crypto

    fun blowfish(data: ByteArray): ByteArray {
        val cipher = Cipher.getInstance("Blowfish") // ward-expect: crypto
        cipher.init(Cipher.ENCRYPT_MODE, SecretKeySpec(key, "Blowfish"))
        return cipher.doFinal(data)
    }

    // ward-good: crypto
    fun sessionTokenSecure(): String {
        val bytes = ByteArray(32).also { SecureRandom().nextBytes(it) }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)
    }

    // ward-good: crypto
    fun encryptGcm(data: ByteArray): ByteArray {
        val iv = ByteArray(12).also { SecureRandom().nextBytes(it) }
        val cipher = Cipher.getInstance("AES/GCM/NoPadding")
        cipher.init(Cipher.ENCRYPT_MODE, SecretKeySpec(key, "AES"), GCMParameterSpec(128, iv))
        return iv + cipher.doFinal(data)
    }

    // ward-good: crypto
    fun strongRsa() = KeyPairGenerator.getInstance("RSA").apply { initialize(2048) }.generateKeyPair()

    // ward-good: crypto
    fun newAesKey() = KeyGenerator.getInstance("AES").apply { init(256) }.generateKey()

    // ward-good: crypto
    fun shuffledQuestions(questions: List<String>): List<String> = questions.shuffled(Random(System.nanoTime()))

    // ward-good: crypto
    fun contentDigest(bytes: ByteArray): String =
        MessageDigest.getInstance("SHA-256").digest(bytes).joinToString("") { "%02x".format(it) }
}
