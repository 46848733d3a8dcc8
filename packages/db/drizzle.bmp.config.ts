import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/bmp.ts",
  out: "./migrations/bmp",
  casing: "snake_case",
});
