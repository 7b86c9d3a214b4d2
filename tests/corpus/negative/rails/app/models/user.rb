# frozen_string_literal: true

class User < ApplicationRecord
  has_secure_password
  has_secure_token :api_token, length: 36
  has_many :sessions, dependent: :destroy

  PASSWORD_FORMAT = /\A(?=.*\d)(?=.*[a-z])(?=.*[A-Z]).{12,}\z/

  validates :email, presence: true, uniqueness: { case_sensitive: false }
  validates :password, format: { with: PASSWORD_FORMAT, message: :weak_password },
                       if: -> { new_record? || password.present? }

  normalizes :email, with: ->(email) { email.strip.downcase }

  generates_token_for :password_reset, expires_in: 15.minutes do
    password_salt&.last(10)
  end

  def rotate_api_token!
    regenerate_api_token
    update!(api_token_rotated_at: Time.current)
  end
end
