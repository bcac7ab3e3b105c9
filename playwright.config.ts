import { defineConfig, devices } from "@playwright/test";
import { storageStatePath } from "./e2e/support/auth";

// End-to-end tests run the production build (next start) in Debian's Chromium.
// scripts/test-all.sh builds the app and starts the demo stack first; its settings arrive via the environment.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    // Signs in through the real sign-in page as admin, operator and viewer and saves each session
    // (e2e/support/auth.ts); specs run as admin unless they pick another role with useRole().
    { name: "setup", testMatch: /auth\.setup\.ts$/, use: { ...devices["Desktop Chrome"], channel: undefined } },
    {
      name: "chromium",
      dependencies: ["setup"],
      use: { ...devices["Desktop Chrome"], channel: undefined, storageState: storageStatePath("admin") },
    },
  ],
  webServer: {
    // server.ts (npm start) records each request's peer address, which the sign-in modes rely on.
    command: `HOST=127.0.0.1 PORT=${port} node --conditions=react-server --import tsx server.ts`,
    url: `${baseURL}/`,
    // E2E_REUSE_SERVER=1 runs the specs against a dashboard you already started (development only).
    reuseExistingServer: process.env.E2E_REUSE_SERVER === "1",
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
