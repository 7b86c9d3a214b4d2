import base64
import os

from Crypto.Cipher import AES, ARC4, Blowfish, DES, DES3
from Crypto.Util.Padding import pad, unpad
from cryptography.hazmat.primitives import hashes, padding as sym_padding
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

KEY = base64.b64decode(os.environ["FIELD_KEY"])
STATIC_IV = b"\x00" * 16  # ward-expect: crypto


def encrypt_ssn(ssn: str) -> bytes:
    cipher = AES.new(KEY, AES.MODE_ECB)  # ward-expect: crypto
    return cipher.encrypt(pad(ssn.encode(), AES.block_size))


def encrypt_note(note: bytes) -> bytes:
    cipher = AES.new(KEY, AES.MODE_CBC, STATIC_IV)
    return cipher.encrypt(pad(note, 16))


def encrypt_card(pan: bytes) -> bytes:
    cipher = AES.new(KEY, AES.MODE_CBC, iv=b"1234567890abcdef")  # ward-expect: crypto
    return cipher.encrypt(pad(pan, 16))


def legacy_des(data: bytes, key8: bytes) -> bytes:
    return DES.new(key8, DES.MODE_CBC, iv=os.urandom(8)).encrypt(pad(data, 8))  # ward-expect: crypto


def legacy_3des(data: bytes, key24: bytes) -> bytes:
    c = DES3.new(key24, DES3.MODE_CBC, os.urandom(8))  # ward-expect: crypto
    return c.encrypt(pad(data, 8))


def stream_obfuscate(data: bytes, key: bytes) -> bytes:
    return ARC4.new(key).encrypt(data)  # ward-expect: crypto


def blowfish_token(data: bytes, key: bytes) -> bytes:
    return Blowfish.new(key, Blowfish.MODE_ECB).encrypt(pad(data, 8))  # ward-expect: crypto


def hazmat_ecb(block: bytes) -> bytes:
    enc = Cipher(algorithms.AES(KEY), modes.ECB()).encryptor()  # ward-expect: crypto
    return enc.update(block) + enc.finalize()


def hazmat_tripledes(block: bytes, key: bytes) -> bytes:
    enc = Cipher(algorithms.TripleDES(key), modes.CBC(os.urandom(8))).encryptor()  # ward-expect: crypto
    return enc.update(block) + enc.finalize()


def make_signing_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)  # ward-expect: crypto


def make_legacy_key():
    return rsa.generate_private_key(
        key_size=512,  # ward-expect: crypto
        public_exponent=65537,
    )


# ward-good: crypto
def encrypt_field(plaintext: bytes, aad: bytes = b"") -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(KEY).encrypt(nonce, plaintext, aad)


# ward-good: crypto
def decrypt_field(blob: bytes, aad: bytes = b"") -> bytes:
    return AESGCM(KEY).decrypt(blob[:12], blob[12:], aad)


# ward-good: crypto
def encrypt_cbc_random_iv(data: bytes) -> bytes:
    iv = os.urandom(16)
    padder = sym_padding.PKCS7(128).padder()
    enc = Cipher(algorithms.AES(KEY), modes.CBC(iv)).encryptor()
    return iv + enc.update(padder.update(data) + padder.finalize()) + enc.finalize()


# ward-good: crypto
def encrypt_chacha(data: bytes) -> bytes:
    key = ChaCha20Poly1305.generate_key()
    nonce = os.urandom(12)
    return nonce + ChaCha20Poly1305(key).encrypt(nonce, data, None)


# ward-good: crypto
def encrypt_gcm_pycryptodome(data: bytes) -> tuple[bytes, bytes, bytes]:
    cipher = AES.new(KEY, AES.MODE_GCM)
    ct, tag = cipher.encrypt_and_digest(data)
    return cipher.nonce, ct, tag


# ward-good: crypto
def make_signing_key_2048():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


# ward-good: crypto
def make_ca_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=4096)


# ward-good: crypto
def make_ec_key():
    return ec.generate_private_key(ec.SECP256R1())


# ward-good: crypto
def decrypt_ctr(blob: bytes) -> bytes:
    nonce, body = blob[:16], blob[16:]
    dec = Cipher(algorithms.AES(KEY), modes.CTR(nonce)).decryptor()
    return dec.update(body) + dec.finalize()
