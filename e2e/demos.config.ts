import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// The workflow demos: one script per workflow, run in file-name order on one
// fresh platform, because later workflows build on what earlier ones created
// (the expansion uses the bound fabric, product ordering the designed offering).
// Each step saves a screenshot into the folder that demos/screenshots.ts sets.
export default defineConfig({
  ...base,
  testDir: "./demos",
  testMatch: "*.demo.ts",
  use: {
    ...base.use,
    // Screenshots show the viewport only, so this size is the size of every picture.
    viewport: { width: 1280, height: 800 },
  },
});
