# frozen_string_literal: true

require 'net/http'
require 'openssl'
require 'faraday'
require 'httparty'
require 'json'

module PaymentGateway
  ENDPOINT = URI('https://gateway.example.com/v2/charges')

  def self.charge(params)
    http = Net::HTTP.new(ENDPOINT.host, ENDPOINT.port)
    http.use_ssl = true
    http.verify_mode = OpenSSL::SSL::VERIFY_NONE # ward-expect: tls
    req = Net::HTTP::Post.new(ENDPOINT.path, 'Content-Type' => 'application/json')
    req.body = params.to_json
    JSON.parse(http.request(req).body)
  end

  def self.refund(id)
    Net::HTTP.start(ENDPOINT.host, ENDPOINT.port,
                    use_ssl: true,
                    verify_mode: OpenSSL::SSL::VERIFY_NONE) do |http| # ward-expect: tls
      http.post("/v2/charges/#{id}/refund", '')
    end
  end

  def self.connection
    Faraday.new(url: 'https://gateway.example.com', ssl: { verify: false }) do |f| # ward-expect: tls
      f.request :json
      f.response :json
    end
  end

  class Client
    include HTTParty
    base_uri 'https://gateway.example.com'

    def status
      self.class.get('/v2/status', verify: false) # ward-expect: tls
    end

    # ward-good: tls
    def status_verified
      self.class.get('/v2/status', ssl_ca_file: '/etc/ssl/gateway-ca.pem')
    end
  end

  # ward-good: tls
  def self.charge_verified(params)
    http = Net::HTTP.new(ENDPOINT.host, ENDPOINT.port)
    http.use_ssl = true
    http.verify_mode = OpenSSL::SSL::VERIFY_PEER
    http.ca_file = ENV.fetch('GATEWAY_CA_FILE', '/etc/ssl/certs/ca-certificates.crt')
    req = Net::HTTP::Post.new(ENDPOINT.path, 'Content-Type' => 'application/json')
    req.body = params.to_json
    JSON.parse(http.request(req).body)
  end

  # ward-good: tls
  def self.verified_connection
    Faraday.new(url: 'https://gateway.example.com', ssl: { verify: true, ca_file: '/etc/ssl/gateway-ca.pem' })
  end

  # ward-good: tls
  # http.verify_mode = OpenSSL::SSL::VERIFY_NONE  # removed after the 2023 audit
  def self.audit_note
    Rails.logger.info('TLS verification is enforced (VERIFY_PEER)')
  end
end
