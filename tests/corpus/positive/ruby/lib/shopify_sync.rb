# frozen_string_literal: true

require "shopify_api"

module ShopifySync
  SHOP = "acme-outlet.myshopify.com"

  ShopifyAPI::Context.setup(
    api_key: ENV.fetch("SHOPIFY_API_KEY"),
    api_secret_key: "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",
    host: "https://sync.acme-corp.io",
    scope: "read_products,write_inventory",
    is_embedded: false,
    api_version: "2024-07",
    is_private: true
  )

  def self.session
    ShopifyAPI::Auth::Session.new(shop: SHOP, access_token: "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")
  end

  def self.inventory_levels(location_id)
    client = ShopifyAPI::Clients::Rest::Admin.new(session: session)
    client.get(path: "inventory_levels", query: { location_ids: location_id }).body["inventory_levels"]
  end
end
