import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit tests sit beside the code as *.test.ts; integration tests, which start
// a real PostgreSQL, are named *.integration.test.ts.
export default defineConfig({
  resolve: {
    // Apps import their own modules as "@/…" through the paths of their tsconfig.json.
    tsconfigPaths: true,
    alias: { "server-only": fileURLToPath(new URL("./test/empty-module.ts", import.meta.url)) },
  },
  test: {
    // Request logs of every rejected test input would bury the test report.
    env: { LOG_LEVEL: "warn" },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["packages/**/src/**/*.test.ts", "apps/**/src/**/*.test.ts", "scripts/src/**/*.test.ts", "conformance/src/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "**/node_modules/**"],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["packages/**/src/**/*.integration.test.ts", "apps/**/src/**/*.integration.test.ts", "scripts/src/**/*.integration.test.ts"],
          exclude: ["**/node_modules/**"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
