import { expect, type Page, test } from "@playwright/test";
import type { FaultName } from "../demo/fault-names";
import { allFaultsOff, setFault, step, verdictOf } from "./support/demo";

// Evidence over time: with a 1 min window (?window=1m, as a shared link would carry it), a fault turns the step
// critical on the first single Run within a minute of onset, two runs 10 s apart agree, and after the fault is
// off it returns to ok within the window plus a minute and stays ok — no flip-flop, because every run reads the
// same fixed window from Prometheus rather than the gap since the last click.

interface Case {
  fault: FaultName;
  runbook: string;
  stepId: string;
  /** How long after onset the first Run happens: the 1 min window must be mostly faulty for a blend to cross critical. */
  settleMs: number;
}

const CASES: Case[] = [
  { fault: "error-rate", runbook: "high-error-rates", stepId: "diagnosis-1", settleMs: 25_000 },
  { fault: "slow-responses", runbook: "slow-response-times", stepId: "diagnosis-1", settleMs: 25_000 },
  { fault: "cache-bypass", runbook: "low-cache-hit-rate", stepId: "diagnosis-1", settleMs: 45_000 },
];

async function runOnce(page: Page, stepId: string): Promise<string> {
  const card = step(page, stepId);
  await card.getByRole("button", { name: /^Run/ }).first().click();
  await expect(card.getByRole("button", { name: /^Run/ }).first()).toBeEnabled({ timeout: 30_000 });
  return (await verdictOf(page, stepId).getAttribute("data-status")) ?? "";
}

test.describe("a metric verdict over a fixed window", () => {
  test.describe.configure({ timeout: 300_000 });
  test.beforeAll(async () => {
    await allFaultsOff();
  });
  test.afterEach(async () => {
    await allFaultsOff();
  });

  for (const c of CASES) {
    test(`${c.fault}: critical within a minute of onset, steady, and back to ok without flip-flop`, async ({
      page,
    }, testInfo) => {
      await page.goto(`/runbooks/${c.runbook}?window=1m`);
      await expect(page.getByTestId("window-picker").getByRole("radio", { name: "last 1 min" })).toBeChecked();
      expect(await runOnce(page, c.stepId)).not.toBe("error");
      await expect(step(page, c.stepId).getByTestId("evidence-window")).toContainText("Window 1 min");

      await setFault(c.fault, true);
      const onset = Date.now();
      await page.waitForTimeout(c.settleMs);
      const first = await runOnce(page, c.stepId);
      expect(Date.now() - onset).toBeLessThan(60_000);
      expect(first, "first single Run within 60 s of onset").toBe("critical");
      const card = step(page, c.stepId);
      await expect(card.getByTestId("headline")).toContainText("over 1 min");
      await expect(card.getByTestId("evidence-chart")).toBeVisible();
      await expect(card.getByTestId("evidence-onset")).toContainText(/critical since/);
      await expect(card.getByTestId("promql")).toContainText("[1m]");
      await page.screenshot({ path: testInfo.outputPath(`${c.fault}-critical.png`), fullPage: true });

      await page.waitForTimeout(10_000);
      expect(await runOnce(page, c.stepId), "a run 10 s later agrees").toBe("critical");

      await setFault(c.fault, false);
      const off = Date.now();
      let status = "";
      // Bounded: the window (60 s) plus a minute, a run every ~5 s.
      for (let i = 0; i < 30 && Date.now() - off < 120_000; i++) {
        status = await runOnce(page, c.stepId);
        if (status === "ok") break;
        await page.waitForTimeout(5_000);
      }
      expect(status, "ok within the window plus one minute").toBe("ok");
      for (let i = 0; i < 3; i++) {
        await page.waitForTimeout(3_000);
        expect(await runOnce(page, c.stepId), `consecutive run ${i + 1} after recovery`).toBe("ok");
      }
    });
  }

  test("the window picker keeps the window in the URL for a shared link", async ({ page }) => {
    await page.goto("/runbooks/high-error-rates");
    await page.getByTestId("window-picker").getByText("15m", { exact: true }).click();
    await expect(page).toHaveURL(/[?&]window=15m/);
    await runOnce(page, "diagnosis-1");
    await expect(step(page, "diagnosis-1").getByTestId("headline")).toContainText("over 15 min");
    await page.getByTestId("window-picker").getByText("5m", { exact: true }).click();
    await expect(page).not.toHaveURL(/window=/);
  });

  test("a run recorded on an incident keeps its chart and PromQL on the incident page", async ({ page }) => {
    await page.goto("/runbooks/high-error-rates?window=1m");
    await page.getByRole("button", { name: "Start incident" }).click();
    const dialog = page.getByRole("dialog", { name: "Start an incident" });
    await dialog.getByLabel("Title").fill(`Errors over time ${Date.now()}`);
    await dialog.getByRole("button", { name: "Start incident" }).click();
    await expect(page).toHaveURL(/\?.*incident=[A-Za-z0-9_-]{22}/);
    const id = new URL(page.url()).searchParams.get("incident") ?? "";
    await runOnce(page, "diagnosis-1");
    await expect(step(page, "diagnosis-1").getByTestId("recorded-note")).toHaveText(/Recorded to the incident/);
    const promql = (await step(page, "diagnosis-1").getByTestId("promql").textContent()) ?? "";
    const windowText = (await step(page, "diagnosis-1").getByTestId("evidence-window").textContent()) ?? "";

    await page.goto(`/incidents/${id}`);
    const card = page.getByTestId("evidence").first();
    await expect(card.getByTestId("evidence-chart")).toBeVisible();
    await expect(card.getByTestId("evidence-window")).toHaveText(windowText);
    await expect(card.getByTestId("promql")).toHaveText(promql);
  });
});
