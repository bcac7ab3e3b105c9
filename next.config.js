// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A separate build directory lets benchmarks or a second checkout build without clobbering .next.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // ioredis and mongodb are Node clients with optional native deps; keep them out of the bundle.
  serverExternalPackages: ["ioredis", "mongodb", "systeminformation"],
};

module.exports = nextConfig;
