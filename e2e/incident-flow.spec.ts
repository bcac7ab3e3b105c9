// The incident flow an on-call team expects (issue #14): open incidents shown where people work, alerts grouped
// per runbook, Start incident keeping the runs on screen, resolving with a note, keyboard and screen readers,
// axe in both themes, and no sideways scroll at 390 px. Screenshots of the changed pages go to
// test-results/screens/ (wide, 390 px, dark).
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { signedOut, storageStatePath } from "./support/auth";
import { runAll, setFault } from "./support/demo";

const SCREENS = path.resolve(__dirname, "../test-results/screens");

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true });
}

async function axe(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  expect(
    results.violations.map(
      (v) => `${label}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`,
    ),
  ).toEqual([]);
}

function hex(n: number): string {
  return `${Date.now().toString(16)}${n.toString(16)}`.padStart(16, "0").slice(-16);
}

interface AlertSpec {
  name: string;
  fingerprint: string;
  slug: string;
  startsAt: string;
  status?: "firing" | "resolved";
  summary?: string;
}

function alertPayload(a: AlertSpec) {
  const status = a.status ?? "firing";
  const labels = { alertname: a.name, severity: "critical" };
  const annotations = {
    summary: a.summary ?? `${a.name} from e2e`,
    runbook_url: `http://dashboard.invalid/runbooks/${a.slug}`,
  };
  return {
    version: "4",
    groupKey: `{}:{alertname="${a.name}"}`,
    status,
    receiver: "dashboard",
    groupLabels: { alertname: a.name },
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: "http://alertmanager.invalid",
    truncatedAlerts: 0,
    alerts: [
      {
        status,
        labels,
        annotations,
        startsAt: a.startsAt,
        endsAt: status === "resolved" ? new Date().toISOString() : "0001-01-01T00:00:00Z",
        generatorURL: "http://prometheus.invalid/graph",
        fingerprint: a.fingerprint,
      },
    ],
  };
}

async function postAlert(baseURL: string | undefined, a: AlertSpec): Promise<{ incidents: string[] }> {
  const token = process.env.ALERTS_TOKEN;
  if (!token) throw new Error("ALERTS_TOKEN is not set: load the demo stack's dashboard.env");
  const response = await fetch(`${baseURL}/api/alerts`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(alertPayload(a)),
  });
  const body = (await response.json()) as { incidents: string[] };
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}

/** How far the page scrolls sideways, and which elements stick out (for the failure message). */
async function overflow(page: Page): Promise<{ extra: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const extra = document.documentElement.scrollWidth - width;
    const culprits: string[] = [];
    if (extra > 0) {
      for (const el of Array.from(document.body.querySelectorAll("*"))) {
        const r = el.getBoundingClientRect();
        if (r.right > width + 1 && r.width > 0) {
          culprits.push(
            `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 80)} right=${Math.round(r.right)}`,
          );
        }
        if (culprits.length > 8) break;
      }
    }
    return { extra, culprits };
  });
}

async function signedOutPage(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL, ...signedOut });
  return context.newPage();
}

test.describe("incident flow", () => {
  test("an alert opens an incident; home and runbook pages show it; another alert name joins it; resolving needs a note", async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const slug = "query-performance-issues";
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const stamp = Date.now().toString(36);
    const first = { name: `SlowQueries${stamp}`, fingerprint: hex(1), slug, startsAt, summary: `scans ${stamp}` };
    const opened = await postAlert(baseURL, first);
    expect(opened.incidents).toHaveLength(1);
    const id = opened.incidents[0] ?? "";

    // Home: the banner names it, who opened it, and offers Join.
    await page.goto("/");
    const home = page.getByTestId("open-incidents");
    const item = home.getByTestId("open-incident").filter({ hasText: `scans ${stamp}` });
    await expect(item.getByRole("link", { name: "View" })).toHaveAttribute("href", `/incidents/${id}`);
    await expect(home).toContainText("opened by Alertmanager");
    await shot(page, "home-open-incident-wide");

    // The runbook page: the same banner; Join records runs on it.
    await page.goto(`/runbooks/${slug}`);
    const banner = page.getByTestId("open-incidents");
    await expect(banner).toContainText(`scans ${stamp}`);
    await banner
      .getByTestId("open-incident")
      .filter({ hasText: `scans ${stamp}` })
      .getByRole("link", { name: "Join" })
      .click();
    await expect(page).toHaveURL(new RegExp(`/runbooks/${slug}\\?incident=${id}$`));
    await expect(page.getByTestId("incident-banner")).toContainText("Recording to incident");
    await shot(page, "runbook-joined-wide");

    // Another alert name for the same runbook (by runbook_url) joins the open incident.
    const second = { name: `QueryScans${stamp}`, fingerprint: hex(2), slug, startsAt };
    expect((await postAlert(baseURL, second)).incidents).toEqual([id]);
    await page.goto(`/incidents/${id}`);
    await expect(page.getByTestId("timeline-alert")).toHaveCount(2);
    await expect(page.getByTestId("alert-state")).toContainText("Still firing");

    // Every alert resolves: the incident says so and offers Mark mitigated.
    await postAlert(baseURL, { ...first, status: "resolved" });
    await postAlert(baseURL, { ...second, status: "resolved" });
    await page.reload();
    await expect(page.getByTestId("alert-state")).toContainText("All 2 alerts have resolved");
    await expect(page.getByRole("button", { name: "Mark mitigated" })).toBeVisible();
    await shot(page, "incident-alerts-resolved-wide");

    // Resolving without a note is refused, with a clear message; with one it resolves and the note is kept.
    await page.getByRole("button", { name: "Resolve", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Resolve the incident" });
    const submit = dialog.getByRole("button", { name: /^Resolve( anyway)?$/ });
    await submit.click();
    await expect(dialog.getByTestId("resolve-error")).toHaveText(
      "Write a resolution note (what fixed it, or why it is over) before resolving.",
    );
    await expect(page.getByTestId("incident-status")).toHaveText("Investigating");
    await dialog.getByLabel("Resolution note (required)").fill("Index added on customer_id.");
    await submit.click();
    // A diagnostic that landed after the page rendered may still be red: the server says so, the button
    // becomes "Resolve anyway", and a second click confirms.
    await expect(async () => {
      if ((await page.getByTestId("incident-status").textContent()) === "Resolved") return;
      const anyway = dialog.getByRole("button", { name: "Resolve anyway" });
      if (await anyway.isVisible()) await anyway.click();
      await expect(page.getByTestId("incident-status")).toHaveText("Resolved", { timeout: 2000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByTestId("timeline-note").first()).toContainText("Resolution: Index added on customer_id.");
  });

  test("Start incident after Run all keeps those runs, at their times, and suggests SEV2 for a critical verdict", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await setFault("cache-memory", true);
    try {
      await page.goto("/runbooks/cache-memory-issues");
      await runAll(page);
      await expect(page.locator('[data-testid="verdict"][data-status="critical"]').first()).toBeVisible();

      await page.getByRole("button", { name: "Start incident" }).click();
      const dialog = page.getByRole("dialog", { name: "Start an incident" });
      await expect(dialog.getByLabel("Severity")).toHaveValue("sev2");
      await expect(dialog.getByTestId("severity-reason")).toContainText("SEV2 suggested");
      const attach = (await dialog.getByTestId("attach-runs").textContent()) ?? "";
      const shown = Number(/^(\d+) runs? shown on this page will be attached/.exec(attach)?.[1] ?? 0);
      expect(shown, attach).toBeGreaterThan(0);
      await shot(page, "start-incident-dialog-wide");
      await dialog.getByRole("button", { name: "Start incident" }).click();
      await expect(page).toHaveURL(/\?incident=[A-Za-z0-9_-]{22}$/);
      const id = new URL(page.url()).searchParams.get("incident") ?? "";

      await page.goto(`/incidents/${id}`);
      await expect(page.getByTestId("incident-severity")).toHaveText("sev2");
      await expect(page.getByTestId("evidence")).toHaveCount(shown);
      await expect(page.getByText("No diagnostic runs recorded yet")).toHaveCount(0);
      await expect(page.getByTestId("timeline-run")).toHaveCount(shown);
      await shot(page, "incident-with-shown-runs-wide");
    } finally {
      await setFault("cache-memory", false);
    }
  });

  test("a remediation made outside the incident is recorded on it, then reverted through the dialog; both audited", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const runbook = "/runbooks/low-cache-hit-rate";
    await page.goto(runbook);
    await page.getByRole("button", { name: "Start incident" }).click();
    const start = page.getByRole("dialog", { name: "Start an incident" });
    await start.getByLabel("Title").fill(`Revert check ${Date.now()}`);
    await start.getByRole("button", { name: "Start incident" }).click();
    await expect(page).toHaveURL(/\?incident=[A-Za-z0-9_-]{22}$/);
    const id = new URL(page.url()).searchParams.get("incident") ?? "";

    // Outside the incident: the plain runbook page, no ?incident=.
    await page.goto(runbook);
    const fix = page.getByTestId("fix-control").filter({ has: page.getByLabel("New eviction policy") });
    const select = fix.getByLabel("New eviction policy");
    await fix.getByRole("button", { name: "Fix…" }).click();
    let dialog = page.getByRole("dialog");
    const current = ((await dialog.textContent()) ?? "").match(/Current → new\s*([a-z-]+)/)?.[1] ?? "";
    await dialog.getByRole("button", { name: "Cancel" }).click();
    const target = current === "allkeys-lfu" ? "allkeys-lru" : "allkeys-lfu";
    await select.selectOption(target);
    await fix.getByRole("button", { name: "Fix…" }).click();
    dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Apply" }).click();
    await expect(dialog.getByRole("region", { name: "Before and after" })).toContainText(target);
    await expect(dialog.getByTestId("recorded-note")).toBeVisible();

    // Revert: the same confirmation dialog, back to the recorded previous value.
    await dialog.getByRole("button", { name: /^Revert to / }).click();
    const back = page.getByRole("dialog");
    await expect(back.getByRole("heading", { name: /^Confirm: / })).toBeVisible();
    await expect(back).toContainText(`CONFIG SET maxmemory-policy ${current}`);
    await back.getByRole("button", { name: "Apply" }).click();
    await expect(back.getByRole("region", { name: "Before and after" })).toContainText(current);
    await shot(page, "remediation-reverted-wide");
    await back.getByRole("button", { name: "Close" }).click();

    await page.goto("/audit?operation=applyRemediationAction");
    await expect(
      page
        .getByTestId("audit-row")
        .filter({ hasText: `maxmemory-policy ${target}` })
        .first(),
    ).toBeVisible();
    await expect(
      page
        .getByTestId("audit-row")
        .filter({ hasText: `maxmemory-policy ${current}` })
        .first(),
    ).toBeVisible();
    await page.goto(`/incidents/${id}`);
    await expect(page.getByTestId("incident-page")).toContainText(`maxmemory-policy ${target}`);
    await expect(page.getByTestId("incident-page")).toContainText(`maxmemory-policy ${current}`);
  });

  test("keyboard only: Run and Run all keep focus and announce; search; start incident; add note", async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto("/runbooks/low-cache-hit-rate");
    const announcer = page.getByTestId("diagnostics-announcer");

    const run = page.locator("#diagnosis-1").getByRole("button", { name: /^Run: / });
    await expect(run).toHaveAccessibleName(/^Run: .+/);
    await run.focus();
    await page.keyboard.press("Space");
    await expect(announcer).toContainText(/: (OK|WARNING|CRITICAL|ERROR|SHOWN|NOT-CONFIGURED|UNSUPPORTED)/, {
      timeout: 30_000,
    });
    await expect(run).toBeFocused();

    const runAllButton = page.getByRole("button", { name: /Run all diagnostics|Running diagnostics/ });
    await runAllButton.focus();
    await page.keyboard.press("Enter");
    await expect(announcer).toContainText("Run all finished", { timeout: 30_000 });
    await expect(runAllButton).toBeFocused();

    // Scrollable tables are reachable by Tab.
    const regions = page.locator("section[tabindex='0'][aria-label]");
    if ((await regions.count()) > 0) {
      await regions.first().focus();
      await expect(regions.first()).toBeFocused();
    }

    // Start incident from the keyboard.
    const start = page.getByRole("button", { name: "Start incident" });
    await start.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Start an incident" });
    await expect(dialog.getByLabel("Title")).toBeFocused();
    await page.keyboard.press("Control+a");
    await page.keyboard.type(`Keyboard ${Date.now()}`);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\?incident=[A-Za-z0-9_-]{22}$/);
    const id = new URL(page.url()).searchParams.get("incident") ?? "";

    // Add a note from the keyboard.
    await page.goto(`/incidents/${id}`);
    const note = page.getByLabel("Note (Markdown)");
    await note.focus();
    await page.keyboard.type("Typed without a mouse");
    const add = page.getByRole("button", { name: "Add note" });
    await add.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("timeline-note").first()).toContainText("Typed without a mouse");

    // Search from the keyboard.
    await expect(async () => {
      await page.locator("body").press("/");
      await expect(page.getByRole("combobox", { name: "Search runbooks" })).toBeFocused({ timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await page.keyboard.type("cache hit");
    await expect(page.getByRole("listbox", { name: "Search results" })).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/runbooks\//);
  });

  test("axe: zero violations on home, runbook (before and after Run all), incident, alerts, audit and sign-in, light and dark", async ({
    page,
    browser,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    await page.goto("/runbooks/low-cache-hit-rate");
    await page.getByRole("button", { name: "Start incident" }).click();
    const dialog = page.getByRole("dialog", { name: "Start an incident" });
    await dialog.getByRole("button", { name: "Start incident" }).click();
    await expect(page).toHaveURL(/\?incident=[A-Za-z0-9_-]{22}$/);
    const id = new URL(page.url()).searchParams.get("incident") ?? "";

    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto("/");
      await axe(page, `home (${scheme})`);
      await page.goto("/runbooks/low-cache-hit-rate");
      await axe(page, `runbook before Run all (${scheme})`);
      await runAll(page);
      await axe(page, `runbook after Run all (${scheme})`);
      if (scheme === "dark") await shot(page, "runbook-after-run-all-dark");
      await page.goto(`/incidents/${id}`);
      await axe(page, `incident (${scheme})`);
      if (scheme === "dark") await shot(page, "incident-dark");
      await page.goto("/alerts");
      await axe(page, `alerts (${scheme})`);
      await page.goto("/audit");
      await axe(page, `audit (${scheme})`);
      const visitor = await signedOutPage(browser, baseURL);
      await visitor.emulateMedia({ colorScheme: scheme });
      await visitor.goto("/sign-in?next=/");
      await axe(visitor, `sign-in (${scheme})`);
      await visitor.context().close();
    }
  });

  test("390 px: no sideways scroll on home, runbook, incident, alerts and audit pages (measured)", async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/runbooks/low-cache-hit-rate");
    await runAll(page);
    await page.getByRole("button", { name: "Start incident" }).click();
    await page
      .getByRole("dialog", { name: "Start an incident" })
      .getByRole("button", { name: "Start incident" })
      .click();
    await expect(page).toHaveURL(/\?incident=[A-Za-z0-9_-]{22}$/);
    const id = new URL(page.url()).searchParams.get("incident") ?? "";
    const pages: [string, string][] = [
      ["home", "/"],
      ["runbook", "/runbooks/low-cache-hit-rate"],
      ["incident", `/incidents/${id}`],
      ["alerts", "/alerts"],
      ["audit", "/audit"],
    ];
    const problems: string[] = [];
    for (const [name, url] of pages) {
      await page.goto(url);
      if (name === "runbook") await runAll(page);
      const { extra, culprits } = await overflow(page);
      if (extra > 0) problems.push(`${name}: ${extra}px wider than the screen — ${culprits.join("; ")}`);
      await shot(page, `${name}-390`);
    }
    expect(problems).toEqual([]);

    // A runbook page's actions: one row fixed to the bottom of the screen.
    await page.goto("/runbooks/low-cache-hit-rate");
    const bar = await page.getByTestId("runbook-actions").boundingBox();
    expect(bar, "the action bar is laid out").not.toBeNull();
    expect(Math.round((bar?.y ?? 0) + (bar?.height ?? 0)), "the action bar sits on the bottom edge").toBe(844);
    expect(bar?.height ?? 999, "the action bar is one row").toBeLessThan(72);

    // The incident on a phone: status first, then the latest evidence in brief, and the timeline within the
    // first one and a half screens, before the evidence in full.
    await page.goto(`/incidents/${id}`);
    const top = async (what: string, locator: ReturnType<Page["locator"]>) => {
      const box = await locator.boundingBox();
      expect(box, `${what} is laid out`).not.toBeNull();
      return box?.y ?? Number.POSITIVE_INFINITY;
    };
    const status = await top("the status", page.getByTestId("incident-status"));
    const latest = await top("the latest evidence", page.getByRole("heading", { name: "Latest evidence" }));
    const timeline = await top("the timeline", page.getByRole("heading", { name: "Timeline", exact: true }));
    const evidence = await top("the evidence", page.getByRole("heading", { name: /^Evidence/ }));
    expect(status).toBeLessThan(latest);
    expect(latest).toBeLessThan(timeline);
    expect(timeline).toBeLessThan(evidence);
    expect(timeline, "the timeline starts within 1.5 screens (844 px each)").toBeLessThan(1.5 * 844);
    await expect(page.getByTestId("latest-evidence").getByTestId("latest-verdict").first()).toBeVisible();
  });

  test("wide: the incident page keeps evidence and timeline side by side, without the phone summary", async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto("/incidents");
    const first = page.locator('a[href^="/incidents/"]').first();
    await first.click();
    await expect(page.getByTestId("incident-page")).toBeVisible();
    await expect(page.getByTestId("latest-evidence")).toBeHidden();
    const timeline = await page.getByRole("heading", { name: "Timeline", exact: true }).boundingBox();
    const evidence = await page.getByRole("heading", { name: /^Evidence/ }).boundingBox();
    expect(timeline && evidence && timeline.x > evidence.x + 300, "timeline in the right column").toBe(true);
    expect(Math.abs((timeline?.y ?? 0) - (evidence?.y ?? 1000)), "both columns start together").toBeLessThan(2);
  });

  test("the header and a runbook page's actions are in the first HTML: complete with JavaScript off", async ({
    browser,
    baseURL,
  }) => {
    // Nothing streamed in behind Suspense or rendered by scripts: with JavaScript off the page is what the
    // first paint shows.
    const context = await browser.newContext({
      baseURL,
      javaScriptEnabled: false,
      storageState: storageStatePath("admin"),
      viewport: { width: 1440, height: 1000 },
    });
    try {
      const page = await context.newPage();
      await page.goto("/runbooks/high-error-rates");
      const header = page.getByRole("banner");
      await expect(header.getByTestId("user-menu")).toBeVisible();
      await expect(header.getByTestId("user-role")).toHaveText("admin");
      await expect(header.getByRole("button", { name: "Sign out" })).toBeVisible();
      await expect(header.getByRole("combobox", { name: "Search runbooks" })).toBeVisible();
      const actions = page.getByTestId("runbook-actions");
      await expect(actions.getByRole("button", { name: "Start incident" })).toBeVisible();
      await expect(actions.getByRole("button", { name: /Run all diagnostics/ })).toBeVisible();
      await expect(page.getByTestId("window-picker")).toBeVisible();
    } finally {
      await context.close();
    }
  });
});
