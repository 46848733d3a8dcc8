import path from "node:path";
import { fileURLToPath } from "node:url";
import { describeTmfRouteMethods } from "@cop-pilot/tmf-server/route-walk";

// No call reaches the database, because each is rejected first for missing credentials or an unsupported method.
const appDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = {
  DATABASE_URL: "postgres://unused@127.0.0.1:1/unused",
  BETTER_AUTH_SECRET: "route-methods-test-secret-0123456789abcdef",
  API_TOKEN: "route-methods-test-token",
};

describeTmfRouteMethods(appDirectory, env, (file) => import(/* @vite-ignore */ file));
