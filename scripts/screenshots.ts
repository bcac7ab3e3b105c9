// Takes screenshots of pages (wide, narrow, dark) for review: tsx scripts/screenshots.ts <baseURL> <out> <path...>
// Optional: --click "Run all diagnostics" clicks a button and waits for results first;
// --storage-state <file> uses a saved signed-in session (e.g. test-results/.auth/admin.json from the e2e setup).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

const args = process.argv.slice(2);
const clickIndex = args.indexOf("--click");
const clickLabel = clickIndex >= 0 ? args.splice(clickIndex, 2)[1] : undefined;
const stateIndex = args.indexOf("--storage-state");
const storageState = stateIndex >= 0 ? args.splice(stateIndex, 2)[1] : undefined;
const [baseURL = "http://127.0.0.1:3000", outDir = "screenshots", ...paths] = args;

const VIEWS = [
  { name: "wide", width: 1440, height: 1000, scheme: "light" as const },
  { name: "narrow", width: 390, height: 900, scheme: "light" as const },
  { name: "dark", width: 1440, height: 1000, scheme: "dark" as const },
];

async function main() {
  mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  try {
    for (const pagePath of paths.length ? paths : ["/"]) {
      for (const view of VIEWS) {
        const page = await browser.newPage({
          viewport: { width: view.width, height: view.height },
          colorScheme: view.scheme,
          ...(storageState ? { storageState } : {}),
        });
        await page.goto(new URL(pagePath, baseURL).toString());
        if (clickLabel) {
          await page.getByRole("button", { name: clickLabel }).click();
          await page.waitForTimeout(6000);
        }
        const name = `${pagePath.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "") || "home"}-${view.name}.png`;
        await page.screenshot({ path: path.join(outDir, name), fullPage: true });
        console.log(path.join(outDir, name));
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
}

void main();
