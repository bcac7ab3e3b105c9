import { expect, test } from "@playwright/test";
import { allFaultsOff, runAll, runAllUntil, setFault, step, verdictOf } from "./support/demo";

test.describe("live diagnostics on the demo stack", () => {
  test.afterEach(async () => {
    await allFaultsOff();
  });

  test("Low Cache Hit Rate: run all shows verdicts, the highlighted solution and raw output", async ({ page }) => {
    await setFault("cache-bypass", true);
    // A 1 min window, so the bypass shows in the ratio within seconds rather than after minutes.
    await page.goto("/runbooks/low-cache-hit-rate?window=1m");
    const status = await runAllUntil(page, "diagnosis-1", ["critical", "warning"], 12);
    expect(["critical", "warning"]).toContain(status);
    await expect(step(page, "diagnosis-1").getByTestId("headline")).toContainText(/cache hit ratio \d/);
    // The demo Redis runs with a 256 MB limit: the configuration step shows it and is fine.
    await expect(verdictOf(page, "diagnosis-2")).toHaveAttribute("data-status", "ok");
    await expect(step(page, "diagnosis-2").locator('[data-figure="maxmemory"]')).toHaveText("256 MB");
    const solution = page.getByTestId("solution-1");
    await expect(solution).toHaveAttribute("data-suggested", "true");
    await expect(solution.getByTestId("suggested-by")).toContainText("cache hit ratio");
    await step(page, "diagnosis-2").getByText("Raw output").click();
    await expect(step(page, "diagnosis-2").getByTestId("raw-output")).toContainText("maxmemory");
  });

  test("a single step runs with its own button and a parameter, and bad input names the parameter", async ({
    page,
  }) => {
    await page.goto("/runbooks/high-error-rates");
    const rateLimit = step(page, "solution-1-1");
    await rateLimit.getByLabel("User ID").fill("u 1");
    await rateLimit.getByRole("button", { name: /^Run: / }).click();
    await expect(rateLimit.getByRole("alert")).toContainText("user_id");
    await rateLimit.getByLabel("User ID").fill("u-nobody");
    await rateLimit.getByRole("button", { name: /^Run: / }).click();
    await expect(rateLimit.getByTestId("verdict")).toHaveAttribute("data-status", "ok");
    await expect(rateLimit.getByTestId("headline")).toContainText("no rate-limit key");
  });

  test("the host steps say they describe the dashboard's host", async ({ page }) => {
    await page.goto("/runbooks/general-troubleshooting-steps");
    await runAll(page);
    await expect(step(page, "monitor-resources-2")).toContainText("the host the dashboard runs on");
    // A config file is shown for reading: no threshold fits it, so it says "shown, not judged" rather than OK.
    await expect(verdictOf(page, "verify-configuration-2")).toHaveAttribute("data-status", "shown");
    await expect(verdictOf(page, "verify-configuration-2")).toHaveText(/shown, not judged/);
    await step(page, "verify-configuration-2").getByText("Raw output").click();
    const raw = step(page, "verify-configuration-2").getByTestId("raw-output");
    await expect(raw).toContainText("redis_password");
    await expect(raw).not.toContainText("demo-secret");
  });
});
