# frozen_string_literal: true

require 'pg'
require 'mysql2'
require 'net/smtp'
require 'net/ftp'
require 'redis'
require 'sequel'

module Connections
  def self.pg
    PG.connect(host: 'db.internal.example.com', dbname: 'app', user: 'app', password: 'pg-ruby-example') # ward-expect: credentials
  end

  def self.mysql
    Mysql2::Client.new(
      host: 'mysql.internal.example.com',
      username: 'root',
      password: 'mysql2-example-pw', # ward-expect: credentials
      database: 'shop'
    )
  end

  def self.send_mail(message)
    Net::SMTP.start('smtp.example.com', 587, 'example.com', 'mailer', 'smtp-ruby-example', :login) do |smtp| # ward-expect: credentials
      smtp.send_message(message, 'noreply@example.com', 'ops@example.com')
    end
  end

  def self.ftp_upload(path)
    Net::FTP.open('ftp.partner.example.com') do |ftp|
      ftp.login('acme', 'ftp-ruby-example') # ward-expect: credentials
      ftp.putbinaryfile(path)
    end
  end

  def self.redis
    Redis.new(url: 'redis://:redis-ruby-example@cache.internal.example.com:6379/0') # ward-expect: credentials
  end

  def self.sequel
    Sequel.connect('postgres://report:sequel-example-pw@db.example.com/reports') # ward-expect: credentials
  end

  # ward-good: credentials
  def self.pg_env
    PG.connect(host: ENV.fetch('PGHOST'), dbname: 'app', user: ENV.fetch('PGUSER'), password: ENV.fetch('PGPASSWORD'))
  end

  # ward-good: credentials
  def self.mysql_credentials
    creds = Rails.application.credentials.mysql
    Mysql2::Client.new(host: creds[:host], username: creds[:username], password: creds[:password], database: 'shop')
  end

  # ward-good: credentials
  def self.send_mail_env(message)
    Net::SMTP.start('smtp.example.com', 587, 'example.com', ENV['SMTP_USER'], ENV['SMTP_PASSWORD'], :login) do |smtp|
      smtp.send_message(message, 'noreply@example.com', 'ops@example.com')
    end
  end

  # ward-good: credentials
  def self.redis_env
    Redis.new(url: ENV.fetch('REDIS_URL'))
  end
end
