# frozen_string_literal: true

require 'jwt'

class Api::SessionsController < ApplicationController
  HMAC_SECRET = 'my$ecretK3y' # ward-expect: jwt

  before_action :authenticate_request!, except: %i[create]

  def create
    user = User.find_by(email: params[:email])
    if user&.authenticate(params[:password])
      payload = { user_id: user.id, exp: 24.hours.from_now.to_i }
      render json: { token: JWT.encode(payload, HMAC_SECRET, 'HS256') }
    else
      render json: { error: 'invalid credentials' }, status: :unauthorized
    end
  end

  def show
    render json: current_user.as_json(only: %i[id email])
  end

  private

  def current_user
    @current_user ||= begin
      token = request.headers['Authorization'].to_s.split(' ').last
      decoded = JWT.decode(token, nil, false) # ward-expect: jwt
      User.find(decoded.first['user_id'])
    end
  end

  def partner_claims(token)
    JWT.decode(token, partner_public_key, true, algorithms: %w[RS256 HS256]).first # ward-expect: jwt
  end

  def impersonation_token(user)
    JWT.encode({ user_id: user.id, imp: true }, 'impersonate-secret-example', 'HS256') # ward-expect: jwt
  end

  def internal_claims(token)
    JWT.decode(token, nil, true, { algorithm: 'none' }).first # ward-expect: jwt
  end

  # ward-good: jwt
  def verified_claims(token)
    JWT.decode(token, ENV.fetch('JWT_SECRET'), true, { algorithm: 'HS256' }).first
  rescue JWT::DecodeError, JWT::ExpiredSignature
    nil
  end

  # ward-good: jwt
  def partner_claims_rs256(token)
    JWT.decode(token, partner_public_key, true, algorithms: ['RS256'], iss: 'partner', verify_iss: true).first
  end

  # ward-good: jwt
  def issue(user)
    JWT.encode({ user_id: user.id, exp: 1.hour.from_now.to_i }, Rails.application.credentials.secret_key_base, 'HS256')
  end

  # ward-good: jwt
  def authenticate_request!
    # JWT.decode(token, nil, false) would skip verification -- don't.
    head :unauthorized unless verified_claims(request.headers['Authorization'].to_s.split(' ').last)
  end

  def partner_public_key
    OpenSSL::PKey::RSA.new(File.read(Rails.root.join('config', 'partner.pub')))
  end
end
