/** A headless Chromium (Debian's, driven by playwright-core) that saves what it shows. */
import { mkdirSync } from "fs";
import * as path from "path";
import { Browser, Page, chromium } from "playwright-core";
import { ROOT, log } from "./shell";

export const SCREENSHOTS = path.join(ROOT, "docs", "screenshots");

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    // Root in a sandbox without a user namespace; and nothing that calls out of this closed network.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Saves the page as docs/screenshots/<name>.png, regenerated on every run. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  log(`screenshot ${path.relative(ROOT, file)}`);
  return file;
}
