# frozen_string_literal: true

REDIS_URL = "redis://:GCcTuzfyTWjgrDlpIrU@acme-redis-prod.abc123.ng.0001.use1.cache.amazonaws.com:6379/2"

Sidekiq.configure_server do |config|
  config.redis = { url: REDIS_URL, network_timeout: 5 }
  config.logger.level = Logger::INFO
  config.death_handlers << ->(job, ex) do
    Rails.logger.error("#{job['class']} #{job['jid']} died: #{ex.message}")
  end
end

Sidekiq.configure_client do |config|
  config.redis = { url: REDIS_URL, network_timeout: 5 }
end

Sidekiq.default_job_options = { "backtrace" => true, "retry" => 5 }
