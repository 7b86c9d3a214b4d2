// Server-side configuration for the storefront SSR server.
// Loaded by server/index.js; never bundled for the browser.
"use strict";

module.exports = {
  port: process.env.PORT || 3000,
  baseUrl: "https://store.acme-corp.io",

  maps: {
    // Google Maps Geocoding API (server key, IP-restricted)
    apiKey: "AIzaSy9s-dwtfPBewJv4KzThTyPTLCa2Go7-f7M",
  },

  stripe: {
    secretKey: "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",
    apiVersion: "2024-06-20",
  },

  mailchimp: {
    apiKey: "18dae4ac2a7b0213eefb718d6ef68bb7-us12",
    server: "us12",
    audienceId: "18ed83b7df",
  },

  shopify: {
    shop: "acme-store.myshopify.com",
    adminAccessToken: "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",
    apiSecretKey: "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",
  },

  cache: { ttlSeconds: 300, maxEntries: 5000 },
};
