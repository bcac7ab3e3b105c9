// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // ioredis and mongodb are Node clients with optional native deps; keep them out of the bundle.
  serverExternalPackages: ["ioredis", "mongodb", "systeminformation"],
};

module.exports = nextConfig;
