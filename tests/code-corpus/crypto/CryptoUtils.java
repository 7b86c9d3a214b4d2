package com.example.util;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

public final class CryptoUtils {

    private static final byte[] IV = "abcdefghijklmnop".getBytes(StandardCharsets.UTF_8); // ward-expect: crypto
    private static final SecureRandom RNG = new SecureRandom();

    private CryptoUtils() {}

    public static String hashPassword(String password) throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("MD5"); // ward-expect: crypto
        byte[] digest = md.digest(password.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    public static String hashPasswordSha1(String password, String salt) throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-1"); // ward-expect: crypto
        sha.update(salt.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(sha.digest(password.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] encryptEcb(SecretKey key, byte[] data) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/ECB/PKCS5Padding"); // ward-expect: crypto
        cipher.init(Cipher.ENCRYPT_MODE, key);
        return cipher.doFinal(data);
    }

    public static byte[] encryptDefault(SecretKey key, byte[] data) throws Exception {
        Cipher cipher = Cipher.getInstance("AES"); // ward-expect: crypto
        cipher.init(Cipher.ENCRYPT_MODE, key);
        return cipher.doFinal(data);
    }

    public static byte[] encryptDes(byte[] key8, byte[] data) throws Exception {
        Cipher cipher = Cipher.getInstance("DES/CBC/PKCS5Padding"); // ward-expect: crypto
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key8, "DES"), new IvParameterSpec(randomBytes(8)));
        return cipher.doFinal(data);
    }

    public static byte[] encryptTripleDes(byte[] key24, byte[] data) throws Exception {
        Cipher cipher = Cipher.getInstance("DESede/ECB/PKCS5Padding"); // ward-expect: crypto
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key24, "DESede"));
        return cipher.doFinal(data);
    }

    public static byte[] encryptZeroIv(SecretKey key, byte[] data) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(new byte[16])); // ward-expect: crypto
        return cipher.doFinal(data);
    }

    public static byte[] encryptStaticIv(SecretKey key, byte[] data) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(IV));
        return cipher.doFinal(data);
    }

    public static KeyPair rsaKeyPair() throws NoSuchAlgorithmException {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        kpg.initialize(1024); // ward-expect: crypto
        return kpg.generateKeyPair();
    }

    public static String resetToken() {
        Random random = new Random(); // ward-expect: crypto
        return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }

    public static String otp() {
        return String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000)); // ward-expect: crypto
    }

    // ward-good: crypto
    public static String hashPasswordBcrypt(String password) {
        return new BCryptPasswordEncoder(12).encode(password);
    }

    // ward-good: crypto
    public static byte[] pbkdf2(char[] password, byte[] salt) throws Exception {
        PBEKeySpec spec = new PBEKeySpec(password, salt, 310_000, 256);
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    }

    // ward-good: crypto
    public static byte[] encryptGcm(SecretKey key, byte[] data) throws Exception {
        byte[] nonce = randomBytes(12);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        byte[] ct = cipher.doFinal(data);
        byte[] out = new byte[nonce.length + ct.length];
        System.arraycopy(nonce, 0, out, 0, nonce.length);
        System.arraycopy(ct, 0, out, nonce.length, ct.length);
        return out;
    }

    // ward-good: crypto
    public static byte[] encryptCbcRandomIv(SecretKey key, byte[] data) throws Exception {
        byte[] iv = randomBytes(16);
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        return cipher.doFinal(data);
    }

    // ward-good: crypto
    public static KeyPair rsaKeyPairStrong() throws NoSuchAlgorithmException {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        kpg.initialize(3072, RNG);
        return kpg.generateKeyPair();
    }

    // ward-good: crypto
    public static String resetTokenSecure() {
        byte[] buf = new byte[32];
        RNG.nextBytes(buf);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf);
    }

    // ward-good: crypto
    public static String cacheKey(String url) throws NoSuchAlgorithmException {
        // not security relevant: key for the HTTP response cache
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(url.getBytes(StandardCharsets.UTF_8)));
    }

    // ward-good: crypto
    public static String fileChecksum(byte[] content) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    // ward-good: crypto
    public static int pickShard(int shards) {
        return ThreadLocalRandom.current().nextInt(shards);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RNG.nextBytes(b);
        return b;
    }
}
