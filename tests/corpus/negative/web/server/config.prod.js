"use strict";

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`missing required environment variable ${name}`);
  return value;
}

module.exports = {
  port: Number(process.env.PORT || 3000),
  stripe: {
    secretKey: required("STRIPE_KEY"),
    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET,
  },
  openai: { apiKey: process.env.OPENAI_API_KEY ?? "" },
  session: {
    secret: required("SESSION_SECRET"),
    cookieName: "acme_sid",
    maxAgeMs: 1000 * 60 * 60 * 8,
  },
  github: {
    token: process.env.GITHUB_TOKEN,
    webhookSecret: process.env.GITHUB_WEBHOOK_SECRET,
  },
};
