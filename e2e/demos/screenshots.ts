import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Locator, Page } from "@playwright/test";
import sharp from "sharp";

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Folder with one subfolder of screenshots per workflow. It is docs/workflows
 * by default, so `npm run demos` refreshes the pictures of docs/workflows.md.
 * The test command sets DEMO_SCREENSHOT_DIR to a temporary folder, so the
 * checkout stays clean.
 */
export const screenshotRoot = path.resolve(repositoryRoot, process.env.DEMO_SCREENSHOT_DIR ?? "docs/workflows");

export interface CaptureOptions {
  focus?: Locator;
  mask?: Locator[];
}

export interface WorkflowCamera {
  /**
   * Saves the visible part of `page` as `<NN>-<name>.png`, numbered in the
   * order of the calls. `focus` is scrolled into view first; `mask` covers
   * elements, such as one-time passwords, that must not appear in a picture.
   */
  capture(page: Page, name: string, options?: CaptureOptions): Promise<string>;
}

/** Starts the screenshots of one workflow in an emptied folder, so that no picture of an older run remains. */
export function workflowCamera(workflow: string): WorkflowCamera {
  const folder = path.join(screenshotRoot, workflow);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  let screenshotCount = 0;
  return {
    async capture(page, name, options = {}) {
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) throw new Error(`Screenshot name "${name}" must be lowercase words joined by "-"`);
      screenshotCount += 1;
      if (options.focus) await options.focus.evaluate((element) => element.scrollIntoView({ block: "center" }));
      const file = path.join(folder, `${String(screenshotCount).padStart(2, "0")}-${name}.png`);
      const picture = await page.screenshot({ animations: "disabled", caret: "hide", mask: options.mask, maskColor: "#334155" });
      // A palette PNG is about a third of the size of Chromium's truecolour one and looks the same for flat portal pages.
      await sharp(picture).png({ palette: true, quality: 90, compressionLevel: 9, effort: 10 }).toFile(file);
      return file;
    },
  };
}
