// @ts-check

// This file is read by Next itself, outside lib/config/, so it reads the two variables it needs
// (PUBLIC_URL, NEXT_DIST_DIR) from process.env directly; lib/config/ validates PUBLIC_URL at start-up.

/** Hosts (host[:port]) server actions may be posted from besides the request's own: PUBLIC_URL's, behind a proxy. */
function allowedActionOrigins() {
  const publicUrl = process.env.PUBLIC_URL?.trim();
  if (!publicUrl) return [];
  try {
    return [new URL(publicUrl).host];
  } catch {
    // lib/config/ reports the bad value by name when the server starts.
    return [];
  }
}

// Sent with every response, pages and assets alike; the CSP (it carries a per-request nonce) is set in proxy.ts.
const SECURITY_HEADERS = [
  // frame-ancestors 'none' in the CSP, and this for browsers that predate it.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Incident links must not leak to other sites. Not no-referrer: that makes same-origin POSTs send
  // Origin: null, which the server-action origin check refuses.
  { key: "Referrer-Policy", value: "same-origin" },
  {
    key: "Permissions-Policy",
    value:
      "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()",
  },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A separate build directory lets benchmarks or a second checkout build without clobbering .next.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // ioredis and mongodb are Node clients with optional native deps; keep them out of the bundle. pino (lib/log.ts)
  // loads its worker-thread helpers at run time, so it is required from node_modules too. ejson-shell-parser's ESM
  // build imports `Map` from bson (gone since bson 5; it falls back to the global Map at run time), which the
  // bundler refuses as a missing export; Node loads its CommonJS build instead.
  serverExternalPackages: [
    "ioredis",
    "mongodb",
    "systeminformation",
    "rate-limiter-flexible",
    "pino",
    "ejson-shell-parser",
  ],
  experimental: {
    serverActions: {
      // Our actions take ids and short notes; anything near this is not a legitimate call.
      bodySizeLimit: "1mb",
      allowedOrigins: allowedActionOrigins(),
    },
    // proxy.ts makes Next buffer a request body for it; cap that buffer at the server-action limit.
    proxyClientMaxBodySize: "1mb",
  },
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

module.exports = nextConfig;
