# frozen_string_literal: true

require 'digest'
require 'openssl'
require 'securerandom'
require 'bcrypt'

class AccountSecurity
  CHARS = [*'a'..'z', *'A'..'Z', *'0'..'9'].freeze

  def self.digest_password(password)
    Digest::MD5.hexdigest(password) # ward-expect: crypto
  end

  def self.digest_password_salted(password, salt)
    Digest::SHA1.hexdigest("#{salt}--#{password}--") # ward-expect: crypto
  end

  def self.temporary_password
    Array.new(12) { CHARS[rand(CHARS.size)] }.join # ward-expect: crypto
  end

  def self.confirmation_token
    rand(36**20).to_s(36) # ward-expect: crypto
  end

  def self.sms_code
    Random.new.rand(100_000..999_999).to_s # ward-expect: crypto
  end

  def self.encrypt_ecb(data, key)
    cipher = OpenSSL::Cipher.new('aes-256-ecb') # ward-expect: crypto
    cipher.encrypt
    cipher.key = key
    cipher.update(data) + cipher.final
  end

  def self.encrypt_3des(data, key)
    cipher = OpenSSL::Cipher.new('des-ede3-cbc') # ward-expect: crypto
    cipher.encrypt
    cipher.key = key
    cipher.iv = cipher.random_iv
    cipher.update(data) + cipher.final
  end

  def self.encrypt_static_iv(data, key)
    cipher = OpenSSL::Cipher.new('aes-256-cbc')
    cipher.encrypt
    cipher.key = key
    cipher.iv = "\0" * 16 # ward-expect: crypto
    cipher.update(data) + cipher.final
  end

  def self.signing_key
    OpenSSL::PKey::RSA.new(1024) # ward-expect: crypto
  end

  # ward-good: crypto
  def self.hash_password(password)
    BCrypt::Password.create(password, cost: 12)
  end

  # ward-good: crypto
  def self.temporary_password_secure
    SecureRandom.alphanumeric(16)
  end

  # ward-good: crypto
  def self.confirmation_token_secure
    SecureRandom.urlsafe_base64(32)
  end

  # ward-good: crypto
  def self.sms_code_secure
    SecureRandom.random_number(1_000_000).to_s.rjust(6, '0')
  end

  # ward-good: crypto
  def self.encrypt(data, key)
    cipher = OpenSSL::Cipher.new('aes-256-gcm')
    cipher.encrypt
    cipher.key = key
    iv = cipher.random_iv
    ct = cipher.update(data) + cipher.final
    [iv, cipher.auth_tag, ct].map { |p| [p].pack('m0') }.join('.')
  end

  # ward-good: crypto
  def self.signing_key_strong
    OpenSSL::PKey::RSA.new(4096)
  end

  # ward-good: crypto
  def self.asset_fingerprint(path)
    Digest::MD5.file(path).hexdigest
  end

  # ward-good: crypto
  def self.featured(products)
    products.sample(3)
  end
end
