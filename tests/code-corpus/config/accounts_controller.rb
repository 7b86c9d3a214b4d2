# frozen_string_literal: true

class AccountsController < ApplicationController
  skip_before_action :verify_authenticity_token # ward-expect: config

  before_action :authenticate_user!

  def update
    current_user.update!(account_params)
    redirect_to account_path
  end

  def export
    send_file Rails.root.join('exports', params[:file]) # ward-expect: config
  end

  def avatar
    send_file File.join('/srv/avatars', params[:name]), disposition: 'inline' # ward-expect: config
  end

  private

  def account_params
    params.require(:account).permit(:email, :display_name)
  end
end

class ProfilesController < ApplicationController
  protect_from_forgery with: :null_session # ward-expect: config

  def update
    current_user.profile.update!(params.require(:profile).permit(:bio))
    redirect_to profile_path
  end
end

class User < ApplicationRecord
  validates :username, format: { with: /^[a-z0-9_]+$/ } # ward-expect: config
  validates :homepage, format: { with: /^https?:\/\/[\S]+$/, multiline: true } # ward-expect: config

  # ward-good: config
  validates :handle, format: { with: /\A[a-z0-9_]{3,20}\z/ }
end

# ward-good: config
class SettingsController < ApplicationController
  protect_from_forgery with: :exception

  def update
    current_user.settings.update!(params.require(:settings).permit(:theme))
    redirect_to settings_path
  end

  def export
    file = current_user.exports.find(params[:id])
    send_file file.path, filename: file.download_name
  end
end

# ward-good: config
class Api::WebhooksController < ActionController::API
  # ActionController::API has no CSRF protection; requests are authenticated by HMAC below
  before_action :verify_signature!

  def create
    head :accepted
  end

  private

  def verify_signature!
    expected = OpenSSL::HMAC.hexdigest('SHA256', ENV.fetch('WEBHOOK_SECRET'), request.raw_post)
    head :unauthorized unless ActiveSupport::SecurityUtils.secure_compare(expected, request.headers['X-Signature'].to_s)
  end
end
