import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/eso.ts",
  out: "./migrations/eso",
  casing: "snake_case",
});
