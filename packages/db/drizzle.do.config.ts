import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/do.ts",
  out: "./migrations/do",
  casing: "snake_case",
});
