// First-load JavaScript of a runbook page: the script bytes a real Chromium downloads for /runbooks/high-error-rates,
// signed in as an admin (so every control the page can show is there), in a fresh browser cache.
// It starts the production server (`npm start`: server.ts, which serves with Next's compression) on a free port
// with a throw-away DATA_DIR and one local account, signs in through the sign-in page, then loads the page in a
// new browser context and sums what every script response transferred (encoded body bytes, as the browser
// received them) and what it decoded to. Needs a production build (.next) and /usr/bin/chromium.
// Run: npx tsx bench/first-load-js.ts   (bench/run.sh runs it)
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Response } from "@playwright/test";

const ROOT = path.resolve(__dirname, "..");
const PAGE = "/runbooks/high-error-rates";
const TARGET_KB = 150;
/**
 * The same measurement at fd4e0e6 (the base of the incident-phone-js branch, before the header was rendered
 * whole on the server and the search, dialogs and Markdown left the first load), taken with this file:
 * compressed (gzip, as served) and raw kilobytes of the page's script responses, and how many there were.
 */
const BEFORE = { commit: "fd4e0e6", scripts: 12, compressedKB: 207.9, rawKB: 682.8 };
/** After the load event, the page counts as loaded once no script has arrived for this long. */
const QUIET_MS = 2000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no free port")),
      );
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitForServer(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the dashboard exited early:\n${log()}`);
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status > 0) return;
    } catch {
      // not up yet
    }
    await sleep(300);
  }
  throw new Error(`timed out waiting for the dashboard at ${url}:\n${log()}`);
}

interface Script {
  url: string;
  encoding: string;
  transferred: number;
  raw: number;
  gzip: number;
}

async function measure(response: Response): Promise<Script> {
  const body = await response.body();
  const sizes = await response.request().sizes();
  return {
    url: response.url(),
    encoding: (await response.headerValue("content-encoding")) ?? "identity",
    transferred: sizes.responseBodySize,
    raw: body.length,
    gzip: gzipSync(body, { level: 6 }).length,
  };
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

function printTable(rows: string[][]): void {
  const header = ["measure", "measured", "before (fd4e0e6)", "ratio", "target", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" │ ");
  console.log(line(header));
  console.log(widths.map((w) => "─".repeat(w)).join("─┼─"));
  for (const r of rows) console.log(line(r));
}

async function main(): Promise<number> {
  // NEXT_DIST_DIR (next.config.js) measures a build kept apart from .next.
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  if (!existsSync(path.join(ROOT, distDir, "BUILD_ID"))) {
    throw new Error(`no production build in ${distDir}: run \`npx next build\``);
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "rb-bench-js-"));
  const port = await freePort();
  const email = "bench@bench.local";
  const password = randomBytes(18).toString("base64url");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_DIST_DIR: distDir,
    DATA_DIR: dataDir,
    AUTH_MODE: "local",
    AUTH_SECRET: randomBytes(32).toString("hex"),
    REMEDIATIONS_ENABLED: "true",
    HOST: "127.0.0.1",
    PORT: String(port),
    // The page renders without live targets; these only keep the start-up checks quiet.
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    MONGODB_URL: process.env.MONGODB_URL ?? "mongodb://127.0.0.1:27017/",
  };
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  execFileSync(
    tsx,
    ["--conditions=react-server", "scripts/users.ts", "add", email, "--name", "Bench Admin", "--role", "admin"],
    { cwd: ROOT, env, input: `${password}\n`, stdio: ["pipe", "ignore", "inherit"] },
  );

  let log = "";
  const server = spawn(tsx, ["--conditions=react-server", "server.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const keep = (d: Buffer) => {
    log = (log + d.toString()).slice(-8000);
  };
  server.stdout?.on("data", keep);
  server.stderr?.on("data", keep);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForServer(`${base}/api/health`, server, () => log);

    // Sign in through the form in one context; measure in another, so nothing is in the browser cache.
    const signIn = await browser.newContext({ baseURL: base });
    const signInPage = await signIn.newPage();
    await signInPage.goto("/sign-in?next=/");
    await signInPage.getByLabel("E-mail").fill(email);
    await signInPage.getByLabel("Password").fill(password);
    await signInPage.getByRole("button", { name: "Sign in", exact: true }).click();
    await signInPage.waitForURL(`${base}/`);
    const storageState = await signIn.storageState();
    await signIn.close();

    const context = await browser.newContext({ baseURL: base, storageState, viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const pending: Promise<Script>[] = [];
    let lastScript = Date.now();
    page.on("response", (response) => {
      if (response.request().resourceType() !== "script") return;
      lastScript = Date.now();
      pending.push(measure(response));
    });
    const reply = await page.goto(PAGE, { waitUntil: "load" });
    if (reply?.status() !== 200 || !page.url().endsWith(PAGE)) {
      throw new Error(`${PAGE} answered ${reply?.status()} at ${page.url()}: not signed in?`);
    }
    await page.getByTestId("user-menu").waitFor();
    while (Date.now() - lastScript < QUIET_MS) await sleep(200);
    const scripts = await Promise.all(pending);
    await context.close();

    const transferred = scripts.reduce((s, x) => s + x.transferred, 0);
    const raw = scripts.reduce((s, x) => s + x.raw, 0);
    const gzip = scripts.reduce((s, x) => s + x.gzip, 0);
    // Next's compression leaves bodies under 1 KB as they are; everything larger must arrive compressed to count as such.
    const compressed = scripts.every((s) => s.encoding !== "identity" || s.raw < 1024);
    console.log(
      `[bench] ${scripts.length} scripts for ${PAGE} (signed in as an admin, fresh cache, ${QUIET_MS / 1000} s after load):`,
    );
    for (const s of [...scripts].sort((a, b) => b.transferred - a.transferred)) {
      console.log(
        `  ${kb(s.transferred).toFixed(1).padStart(6)} KB ${s.encoding.padEnd(8)} ${kb(s.raw).toFixed(1).padStart(6)} KB raw  ${new URL(s.url).pathname}`,
      );
    }
    if (!compressed) {
      console.log(
        "[bench] scripts over 1 KB were served uncompressed: the compressed figure below is the gzip (level 6) of each body",
      );
    }
    const compressedKB = kb(compressed ? transferred : gzip);
    const rawKB = kb(raw);
    const ratio = (now: number, before: number) => (before > 0 ? `${(now / before).toFixed(2)}×` : "—");
    const pass = compressedKB <= TARGET_KB;
    printTable([
      ["scripts", String(scripts.length), String(BEFORE.scripts || "—"), ratio(scripts.length, BEFORE.scripts), "", ""],
      [
        `first-load JS, compressed (${compressed ? "as transferred" : "gzip of each body"})`,
        `${compressedKB} KB`,
        BEFORE.compressedKB ? `${BEFORE.compressedKB} KB` : "—",
        ratio(compressedKB, BEFORE.compressedKB),
        `≤ ${TARGET_KB} KB`,
        pass ? "PASS" : "CHECK",
      ],
      [
        "first-load JS, raw",
        `${rawKB} KB`,
        BEFORE.rawKB ? `${BEFORE.rawKB} KB` : "—",
        ratio(rawKB, BEFORE.rawKB),
        "",
        "",
      ],
    ]);
    return pass ? 0 : 1;
  } finally {
    await browser.close();
    try {
      if (server.pid) process.kill(-server.pid, "SIGTERM");
    } catch {
      server.kill("SIGTERM");
    }
    await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once("exit", resolve)));
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[bench] first-load JS: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
