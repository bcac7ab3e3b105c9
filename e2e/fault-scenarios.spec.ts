import { expect, type Page, test } from "@playwright/test";
import type { FaultName as Fault } from "../demo/fault-names";
import { allFaultsOff, runAllUntil, setFault, step, verdictOf } from "./support/demo";

// Each of the guide's seven issues, reproduced by a demo fault, must be caught by the step the runbook
// names, with the figure that shows it and the solution it points to; and clear again once the fault is off.

interface Scenario {
  fault: Fault;
  runbook: string;
  step: string;
  red: string[];
  headline: RegExp;
  solution: number;
  params?: Record<string, string>;
  /** Counter checks judge a fixed window; 1 min keeps red → green within the test's time. */
  windowed?: boolean;
}

const SCENARIOS: Scenario[] = [
  {
    fault: "error-rate",
    windowed: true,
    runbook: "high-error-rates",
    step: "diagnosis-1",
    red: ["critical"],
    headline: /error ratio (\d+(\.\d+)?) %/,
    solution: 2,
  },
  {
    fault: "slow-responses",
    windowed: true,
    runbook: "slow-response-times",
    step: "diagnosis-1",
    red: ["critical"],
    headline: /p99 [\d.]+ s/,
    solution: 1,
  },
  {
    fault: "cache-bypass",
    windowed: true,
    runbook: "low-cache-hit-rate",
    step: "diagnosis-1",
    red: ["critical", "warning"],
    headline: /cache hit ratio [\d.]+ %/,
    solution: 1,
  },
  {
    fault: "cache-memory",
    runbook: "cache-memory-issues",
    step: "diagnosis-1",
    red: ["critical"],
    headline: /memory 9\d(\.\d)? % of maxmemory/,
    solution: 1,
  },
  {
    // The server cannot say (FerretDB has no serverStatus().connections); the application's driver pool can.
    fault: "connection-hogging",
    windowed: true,
    runbook: "connection-pool-exhaustion",
    step: "diagnosis-3",
    red: ["critical", "warning"],
    headline: /pool \d+ of \d+ in use/,
    solution: 1,
  },
  {
    // No profiler on FerretDB; the driver times every operation by collection and operation.
    fault: "slow-query",
    windowed: true,
    runbook: "query-performance-issues",
    step: "diagnosis-3",
    red: ["critical", "warning"],
    headline: /^events\.find p99 /,
    solution: 2,
  },
  {
    fault: "missing-metric",
    runbook: "missing-metrics",
    step: "diagnosis-2",
    red: ["critical"],
    headline: /missing/,
    solution: 1,
  },
  {
    fault: "stuck-rate-limit",
    runbook: "high-error-rates",
    step: "solution-1-1",
    red: ["critical"],
    headline: /no expiry/,
    solution: 1,
    params: { "User ID": "u-stuck" },
  },
];

async function fillParams(page: Page, stepId: string, params: Record<string, string> | undefined) {
  for (const [label, value] of Object.entries(params ?? {})) await step(page, stepId).getByLabel(label).fill(value);
}

test.describe("each runbook diagnoses its own failure", () => {
  test.describe.configure({ timeout: 180_000 });
  test.beforeEach(async () => {
    await allFaultsOff();
  });
  test.afterEach(async () => {
    await allFaultsOff();
  });

  for (const scenario of SCENARIOS) {
    test(`${scenario.fault} → ${scenario.runbook} ${scenario.step}`, async ({ page }, testInfo) => {
      await setFault(scenario.fault, true);
      await page.goto(`/runbooks/${scenario.runbook}${scenario.windowed ? "?window=1m" : ""}`);
      await fillParams(page, scenario.step, scenario.params);
      const red = await runAllUntil(page, scenario.step, scenario.red, scenario.windowed ? 12 : 6);
      const redHeadline = await step(page, scenario.step).getByTestId("headline").textContent();
      expect(scenario.red, `verdict while ${scenario.fault} is on (last headline: ${redHeadline})`).toContain(red);
      await expect(step(page, scenario.step).getByTestId("headline")).toHaveText(scenario.headline);
      await expect(page.getByTestId(`solution-${scenario.solution}`)).toHaveAttribute("data-suggested", "true");
      await page.screenshot({ path: testInfo.outputPath(`${scenario.fault}-red.png`), fullPage: true });

      await setFault(scenario.fault, false);
      // A windowed check clears once the faulty minute has left the window (≤ window + scrape interval).
      const after = await runAllUntil(page, scenario.step, ["ok"], scenario.windowed ? 24 : 10);
      expect(after, `verdict after ${scenario.fault} is off`).toBe("ok");
      await page.screenshot({ path: testInfo.outputPath(`${scenario.fault}-green.png`), fullPage: true });
    });
  }

  test("error-rate: the error ratio is above 5 %", async ({ page }) => {
    await setFault("error-rate", true);
    await page.goto("/runbooks/high-error-rates?window=1m");
    await runAllUntil(page, "diagnosis-1", ["critical"], 12);
    const headline = (await step(page, "diagnosis-1").getByTestId("headline").textContent()) ?? "";
    const ratio = Number(/error ratio ([\d.]+) %/.exec(headline)?.[1]);
    expect(ratio).toBeGreaterThan(5);
  });

  test("cache-memory: the team's keyspace step names the prefix the fault grows (filler:*)", async ({ page }) => {
    await setFault("cache-memory", true);
    await page.goto("/runbooks/cache-memory-issues");
    await expect(step(page, "diagnosis-3").getByTestId("team-step")).toHaveText("team step");
    const status = await runAllUntil(page, "diagnosis-3", ["warning"], 3);
    expect(status, "keyspace verdict while cache-memory is on").toBe("warning");
    await expect(step(page, "diagnosis-3").getByTestId("headline")).toHaveText(
      /^filler:\* holds [\d.]+ % of key memory \(.+, 100 % without TTL\)$/,
    );
    await expect(step(page, "diagnosis-3").locator("table").first()).toContainText("filler:*");

    await setFault("cache-memory", false);
    const after = await runAllUntil(page, "diagnosis-3", ["ok"], 3);
    expect(after, "keyspace verdict after cache-memory is off").toBe("ok");
    await expect(step(page, "diagnosis-3").getByTestId("headline")).not.toContainText("filler:*");
  });

  test("missing-metric: Prometheus reports the external service's target down", async ({ page }) => {
    await setFault("missing-metric", true);
    await page.goto("/runbooks/missing-metrics");
    const status = await runAllUntil(page, "diagnosis-1", ["critical"], 10);
    expect(status).toBe("critical");
    await expect(step(page, "diagnosis-1").getByTestId("headline")).toContainText("down");
    await expect(step(page, "diagnosis-1")).toContainText("external-service");
    await expect(page.getByTestId("solution-2")).toHaveAttribute("data-suggested", "true");
  });

  test("connection-hogging: the MongoDB-compatible server cannot report connections, and says so", async ({ page }) => {
    await setFault("connection-hogging", true);
    await page.goto("/runbooks/connection-pool-exhaustion");
    await runAllUntil(page, "diagnosis-1", ["unsupported"], 2);
    await expect(verdictOf(page, "diagnosis-1")).toHaveAttribute("data-status", "unsupported");
    await expect(step(page, "diagnosis-1")).toContainText("serverStatus has no `connections` field");
    await expect(verdictOf(page, "diagnosis-2")).toHaveAttribute("data-status", "unsupported");
  });

  test("slow-query: explain and the profiler are unsupported on FerretDB, with the server's own words", async ({
    page,
  }) => {
    await setFault("slow-query", true);
    await page.goto("/runbooks/query-performance-issues");
    await step(page, "diagnosis-2").getByRole("textbox", { name: "Collection" }).fill("events");
    await step(page, "diagnosis-2")
      .getByRole("textbox", { name: "Query filter (JSON)" })
      .fill('{"customer_id": "c-42"}');
    await runAllUntil(page, "diagnosis-1", ["unsupported"], 2);
    await expect(step(page, "diagnosis-1")).toContainText("no such command: 'profile'");
    await expect(verdictOf(page, "diagnosis-2")).toHaveAttribute("data-status", "unsupported");
    await expect(step(page, "diagnosis-2")).toContainText("FerretDB");
  });
});
