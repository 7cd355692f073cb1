/**
 * The yardstick for bench/lighthouse.mjs: a scaffold-sized Next.js app, built
 * with Folio's own node_modules (same Next and React) and served the same way
 * (`next start`, production build, loopback).
 */
const nextConfig = {
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
};

export default nextConfig;
