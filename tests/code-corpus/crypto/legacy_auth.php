<?php

namespace App\Auth;

use PDO;

class LegacyAuth
{
    public function __construct(private PDO $db) {}

    public function register(string $email, string $password): void
    {
        $stmt = $this->db->prepare('INSERT INTO users (email, password) VALUES (?, ?)');
        $stmt->execute([$email, md5($password)]); // ward-expect: crypto
    }

    public function check(string $email): bool
    {
        $stmt = $this->db->prepare('SELECT password FROM users WHERE email = ?');
        $stmt->execute([$email]);
        return $stmt->fetchColumn() === sha1($_POST['password']); // ward-expect: crypto
    }

    public function resetToken(): string
    {
        return md5(uniqid(mt_rand(), true)); // ward-expect: crypto
    }

    public function rememberMeToken(): string
    {
        return substr(str_shuffle('abcdefghijklmnopqrstuvwxyz0123456789'), 0, 32); // ward-expect: crypto
    }

    public function otp(): int
    {
        return rand(100000, 999999); // ward-expect: crypto
    }

    public function apiKey(): string
    {
        return uniqid('key_', true); // ward-expect: crypto
    }

    public function encryptEcb(string $data, string $key): string
    {
        return openssl_encrypt($data, 'AES-128-ECB', $key); // ward-expect: crypto
    }

    public function encryptStaticIv(string $data, string $key): string
    {
        return openssl_encrypt($data, 'aes-256-cbc', $key, 0, '1234567812345678'); // ward-expect: crypto
    }

    public function encryptDes(string $data, string $key): string
    {
        return openssl_encrypt($data, 'des-ede3-cbc', $key, 0, random_bytes(8)); // ward-expect: crypto
    }

    public function weakKey()
    {
        return openssl_pkey_new(['private_key_bits' => 1024, 'private_key_type' => OPENSSL_KEYTYPE_RSA]); // ward-expect: crypto
    }

    // ward-good: crypto
    public function registerSecure(string $email, string $password): void
    {
        $stmt = $this->db->prepare('INSERT INTO users (email, password) VALUES (?, ?)');
        $stmt->execute([$email, password_hash($password, PASSWORD_DEFAULT)]);
    }

    // ward-good: crypto
    public function checkSecure(string $email, string $password): bool
    {
        $stmt = $this->db->prepare('SELECT password FROM users WHERE email = ?');
        $stmt->execute([$email]);
        return password_verify($password, (string) $stmt->fetchColumn());
    }

    // ward-good: crypto
    public function resetTokenSecure(): string
    {
        return bin2hex(random_bytes(32));
    }

    // ward-good: crypto
    public function otpSecure(): string
    {
        return str_pad((string) random_int(0, 999999), 6, '0', STR_PAD_LEFT);
    }

    // ward-good: crypto
    public function encrypt(string $data, string $key): string
    {
        $iv = random_bytes(12);
        $ct = openssl_encrypt($data, 'aes-256-gcm', $key, OPENSSL_RAW_DATA, $iv, $tag);
        return base64_encode($iv . $tag . $ct);
    }

    // ward-good: crypto
    public function assetVersion(string $file): string
    {
        return substr(md5_file($file), 0, 8);
    }

    // ward-good: crypto
    public function strongKey()
    {
        return openssl_pkey_new(['private_key_bits' => 4096, 'private_key_type' => OPENSSL_KEYTYPE_RSA]);
    }

    // ward-good: crypto
    public function randomTip(array $tips): string
    {
        return $tips[array_rand($tips)];
    }
}
