# frozen_string_literal: true

require "stripe"

Rails.configuration.stripe = {
  publishable_key: "pk_live_51kUC7lH1A2vrRXT2BPHwrPRX0sXzV7SRk4V9GCc57RPbhSEP5F7jSzsze0VD9ubOYnNrI7QLSWATRh5ZrUc0Yj9TxI0YDThqG6",
  secret_key: "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",
  signing_secret: "whsec_wjY8LVeo6ZSKwgEpx5Bk7XQ1z34xadG9"
}

Stripe.api_key = Rails.configuration.stripe[:secret_key]
Stripe.max_network_retries = 2
Stripe.enable_telemetry = false

# Restricted key used by the reporting job (read-only on charges and payouts)
REPORTING_STRIPE_KEY = "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"

StripeEvent.signing_secret = Rails.configuration.stripe[:signing_secret]
StripeEvent.configure do |events|
  events.subscribe "invoice.payment_failed", Billing::PaymentFailedHandler.new
  events.subscribe "customer.subscription.deleted", Billing::SubscriptionCancelledHandler.new
end
