// Cache key helpers. Keys are namespaced and versioned so a deploy can
// invalidate everything by bumping CACHE_VERSION.
import { createHash } from "node:crypto";

export const CACHE_VERSION = "v7";

// Content hashes of the bundled static datasets (regenerate with `npm run hash-data`).
export const DATASET_HASHES = {
  countries: "44eebdfac509abda030018639ca48a23052ae3ac541cebd395cdbf480fb8f43b",
  currencies: "9e0fe76973fab4463d328e7e66a06c821c76fc69c451d0bfb4b2c882e291122f",
  timezones: "9def3760ddf46c0797c20643e37987fab5b01ad9c0c4dca021bc7590ed4c2ab5",
} as const;

export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export function productKey(id: string, locale: string): string {
  return `${CACHE_VERSION}:product:${id}:${locale}`;
}

export function queryKey(sql: string, params: unknown[]): string {
  const digest = createHash("sha256").update(sql).update(JSON.stringify(params)).digest("hex");
  return `${CACHE_VERSION}:q:${digest}`;
}

export function etagFor(body: string): string {
  return `W/"${createHash("sha1").update(body).digest("base64url")}"`;
}
