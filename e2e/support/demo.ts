// Helpers for end-to-end tests against the demo stack: fault switches and runbook page actions.
import { expect, type Locator, type Page } from "@playwright/test";
import { FAULT_NAMES, type FaultName } from "../../demo/fault-names";

function demoUrl(): string {
  const url = process.env.DEMO_URL;
  if (!url)
    throw new Error("DEMO_URL is not set: run the e2e suite through `npm run test:all` (it starts the demo stack)");
  return url;
}

export async function setFault(name: FaultName, on: boolean): Promise<void> {
  const response = await fetch(`${demoUrl()}/admin/faults/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ on }),
  });
  if (!response.ok)
    throw new Error(`fault ${name} ${on ? "on" : "off"}: HTTP ${response.status} ${await response.text()}`);
}

export async function allFaultsOff(): Promise<void> {
  for (const name of FAULT_NAMES) await setFault(name, false);
}

/** Clicks "Run all diagnostics" and waits until every result is in. */
export async function runAll(page: Page): Promise<void> {
  const button = page.getByRole("button", { name: /Run all diagnostics|Running diagnostics/ });
  await button.click();
  await expect(page.getByRole("button", { name: "Run all diagnostics" })).toBeEnabled({ timeout: 30_000 });
}

export function step(page: Page, stepId: string): Locator {
  return page.locator(`[id="${stepId}"]`);
}

export function verdictOf(page: Page, stepId: string): Locator {
  return step(page, stepId).getByTestId("verdict");
}

/** Runs all until the step's verdict is one of `statuses` (counters need two scrapes to show a window). */
export async function runAllUntil(page: Page, stepId: string, statuses: string[], attempts = 6): Promise<string> {
  let last = "";
  for (let i = 0; i < attempts; i++) {
    await runAll(page);
    last = (await verdictOf(page, stepId).getAttribute("data-status")) ?? "";
    if (statuses.includes(last)) return last;
    await page.waitForTimeout(4000);
  }
  return last;
}
