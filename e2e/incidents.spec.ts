// Incidents end to end on the demo stack: record runs, notes, share the link, re-run after a fault is fixed, and
// Prometheus → Alertmanager → dashboard opening an incident with the High Error Rates diagnostics recorded.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";

const DEMO_URL = process.env.DEMO_URL;

async function fault(name: string, on: boolean): Promise<void> {
  if (!DEMO_URL)
    throw new Error("DEMO_URL is not set: start the demo stack (scripts/demo-stack.sh up) and load its dashboard.env");
  const response = await fetch(`${DEMO_URL}/admin/faults/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ on }),
  });
  expect(response.ok, `switch ${name} ${on ? "on" : "off"}: ${await response.text()}`).toBe(true);
}

async function axe(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(results.violations.map((v) => `${label}: ${v.id} ${v.nodes[0]?.target.join(" ")}`)).toEqual([]);
}

test.describe("incidents", () => {
  test("start, record two steps, note, share the link, then re-run after the fix and see before → after", async ({
    page,
    context,
    browser,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await fault("cache-memory", true);
    try {
      await page.goto("/runbooks/cache-memory-issues");
      await page.getByRole("button", { name: "Start incident" }).click();
      const dialog = page.getByRole("dialog", { name: "Start an incident" });
      const title = `Redis full ${Date.now()}`;
      await dialog.getByLabel("Title").fill(title);
      await dialog.getByLabel("Severity").selectOption("sev2");
      await expect(dialog.getByRole("checkbox", { name: "Memory warnings" })).toBeChecked();
      await dialog.getByRole("checkbox", { name: "Performance degradation" }).uncheck();
      await dialog.getByRole("button", { name: "Start incident" }).click();

      await expect(page).toHaveURL(/\/runbooks\/cache-memory-issues\?incident=[A-Za-z0-9_-]{22}$/);
      const id = new URL(page.url()).searchParams.get("incident") ?? "";
      const banner = page.getByTestId("incident-banner");
      await expect(banner).toContainText(`Recording to incident ${title}`);

      const headlines: string[] = [];
      for (const stepId of ["diagnosis-1", "diagnosis-2"]) {
        const step = page.locator(`#${stepId}`);
        await step.getByRole("button", { name: /^Run: / }).click();
        await expect(step.getByTestId("recorded-note")).toHaveText(/Recorded to the incident/);
        await expect(step.getByTestId("verdict").first()).toHaveAttribute("data-status", "critical");
        headlines.push((await step.getByTestId("headline").textContent()) ?? "");
      }

      await banner.getByRole("link", { name: "Back to the incident" }).click();
      await expect(page).toHaveURL(new RegExp(`/incidents/${id}$`));
      await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
      await expect(page.getByTestId("incident-severity")).toHaveText("sev2");
      const evidence = page.getByTestId("evidence");
      await expect(evidence).toHaveCount(2);
      await expect(page.getByTestId("incident-summary")).toContainText("2 red checks");

      // A Markdown note: previewed, then rendered (sanitized) in the timeline.
      await page.getByLabel("Note (Markdown)").fill("Redis is **full** with `noeviction` <script>alert(1)</script>");
      await page.getByRole("tab", { name: "Preview" }).click();
      await expect(page.getByTestId("note-preview").locator("strong")).toHaveText("full");
      await page.getByRole("button", { name: "Add note" }).click();
      const note = page.getByTestId("timeline-note").first();
      await expect(note.locator("strong")).toHaveText("full");
      await expect(note.locator("code")).toHaveText("noeviction");
      await expect(note.locator("script")).toHaveCount(0);

      await page.getByRole("button", { name: "Copy link" }).click();
      await expect(page.getByRole("button", { name: "Link copied" })).toBeVisible();
      const link = await page.evaluate(() => navigator.clipboard.readText());
      expect(link).toBe(`${baseURL}/incidents/${id}`);

      // Someone else opens the link: the same evidence, frozen as recorded.
      const other = await browser.newContext();
      try {
        const theirs = await other.newPage();
        await theirs.goto(link);
        await expect(theirs.getByRole("heading", { level: 1, name: title })).toBeVisible();
        await expect(theirs.getByTestId("evidence")).toHaveCount(2);
        for (const [i, stepId] of ["diagnosis-1", "diagnosis-2"].entries()) {
          const card = theirs.locator(`[data-testid="evidence"][data-step="cache-memory-issues/${stepId}"]`);
          await expect(card.getByTestId("headline")).toHaveText(headlines[i] ?? "");
          await expect(card.getByTestId("verdict").first()).toHaveAttribute("data-status", "critical");
        }
        await expect(theirs.getByTestId("timeline-note").locator("strong")).toHaveText("full");
        await expect(theirs.locator('meta[property="og:title"]')).toHaveAttribute("content", `[SEV2] ${title}`);
        await expect(theirs.locator('meta[property="og:description"]')).toHaveAttribute(
          "content",
          /^Investigating · SEV2 · 2 red checks: memory .* \(critical\)/,
        );
      } finally {
        await other.close();
      }

      // The fix: the fault goes away; a re-run is recorded beside the first snapshot.
      await fault("cache-memory", false);
      const card = page.locator('[data-testid="evidence"][data-step="cache-memory-issues/diagnosis-1"]');
      await card.getByRole("button", { name: /^Re-run/ }).click();
      const comparison = card.getByTestId("run-comparison");
      await expect(comparison).toBeVisible();
      await expect(comparison.getByTestId("verdict").nth(0)).toHaveAttribute("data-status", "critical");
      await expect(comparison.getByTestId("verdict").nth(1)).toHaveAttribute("data-status", "ok");
      await expect(comparison.getByTestId("headline-change")).toHaveText(
        /^memory .+ of maxmemory .+ → memory .+ of maxmemory/,
      );
      await expect(comparison.locator('tr[data-changed="true"]').filter({ hasText: "maxmemory_human" })).toContainText(
        "8.00M",
      );
      await expect(page.getByTestId("timeline-run").first()).toContainText("Re-ran");

      // Status moves, and the Markdown export for the postmortem.
      await page.getByRole("button", { name: "Mark mitigated" }).click();
      await expect(page.getByTestId("incident-status")).toHaveText("Mitigated");
      const exported = await page.request.get(`/incidents/${id}/export`);
      expect(exported.status()).toBe(200);
      expect(exported.headers()["content-type"]).toContain("text/markdown");
      const markdown = await exported.text();
      expect(markdown).toContain(`# ${title}`);
      expect(markdown).toMatch(/verdict critical → ok/);
      expect(markdown).toContain("Redis is **full**");

      for (const scheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(`/incidents/${id}`);
        await axe(page, `incident (${scheme})`);
        await page.goto("/incidents");
        await axe(page, `incidents (${scheme})`);
      }
    } finally {
      await fault("cache-memory", false);
    }
  });

  test("start an incident from triage: the runbooks with evidence, their checks recorded on the server", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await fault("cache-memory", true);
    try {
      await page.goto("/");
      await page.getByRole("button", { name: "Run triage" }).click();
      const triage = page.getByRole("region", { name: "What's wrong right now?" });
      await expect(triage.locator('[data-testid="triage-result"][data-slug="cache-memory-issues"]')).toHaveAttribute(
        "data-severity",
        "critical",
        { timeout: 30_000 },
      );
      await triage.getByRole("button", { name: "Start incident" }).click();
      const dialog = page.getByRole("dialog", { name: "Start an incident" });
      await expect(dialog).toContainText("Cache Memory Issues");
      await dialog.getByRole("button", { name: "Start incident" }).click();
      await expect(page).toHaveURL(/\/incidents\/[A-Za-z0-9_-]{22}$/, { timeout: 30_000 });
      const card = page.locator('[data-testid="evidence"][data-step="cache-memory-issues/diagnosis-1"]');
      await expect(card.getByTestId("verdict").first()).toHaveAttribute("data-status", "critical");
      await expect(page.getByRole("link", { name: "Cache Memory Issues →" })).toHaveAttribute(
        "href",
        /\/runbooks\/cache-memory-issues\?incident=/,
      );
    } finally {
      await fault("cache-memory", false);
    }
  });

  test("the list filters by status and runbook in the URL; bad links are a 404", async ({ page }) => {
    await page.goto("/incidents?status=open&runbook=cache-memory-issues");
    const filters = page.getByRole("form", { name: "Filter incidents" });
    await expect(filters.getByLabel("Status")).toHaveValue("open");
    await expect(filters.getByLabel("Runbook")).toHaveValue("cache-memory-issues");
    await filters.getByLabel("Status").selectOption("resolved");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/status=resolved/);
    await page.goto("/incidents?status=bogus");
    await expect(page.getByText('Ignored: unknown status "bogus".')).toBeVisible();

    for (const path of ["/incidents/not-an-id", "/incidents/AAAAAAAAAAAAAAAAAAAAAA", "/incidents/%27%20OR%201%3D1"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { name: "No such incident" })).toBeVisible();
    }
    const api = await page.request.post("/api/alerts", { data: {} });
    expect([401, 503]).toContain(api.status());
  });

  test("Prometheus → Alertmanager → dashboard: the error-rate fault opens an incident with High Error Rates diagnostics", async ({
    page,
  }) => {
    test.setTimeout(360_000);
    const since = new Date();
    await fault("error-rate", true);
    try {
      // HighErrorRate needs 1 m above 5 %, then Alertmanager's 10 s group wait: poll the alerts page.
      let incidentHref: string | null = null;
      await expect
        .poll(
          async () => {
            await page.goto("/alerts");
            const row = page.getByTestId("claimed-alerts").getByRole("row").filter({ hasText: "HighErrorRate" });
            // Before the first notification the row has no time at all (and getAttribute would wait for one).
            const times = row.locator("time");
            const when = (await times.count()) > 0 ? await times.first().getAttribute("datetime") : null;
            if (when === null || new Date(when) < since) return "not yet";
            incidentHref = await row.getByRole("link", { name: "open incident" }).getAttribute("href");
            return incidentHref === null ? "no incident" : "arrived";
          },
          { timeout: 300_000, intervals: [5_000] },
        )
        .toBe("arrived");
      await page.goto(incidentHref ?? "/incidents");
      await expect(page.getByTestId("timeline-alert").first()).toContainText("HighErrorRate firing");
      const card = page.locator('[data-testid="evidence"][data-step="high-error-rates/diagnosis-1"]');
      await expect(card).toBeVisible({ timeout: 30_000 });
      await expect(card).toContainText("Alertmanager (run on alert)");
      await expect(page.locator('[data-testid="evidence"][data-step="high-error-rates/diagnosis-2"]')).toBeVisible();
    } finally {
      await fault("error-rate", false);
    }
  });
});
