import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

test.describe("runbook pages", () => {
  test("home lists every runbook by category with its symptoms", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Runbooks" })).toBeVisible();
    await expect(page.getByTestId("runbook-count")).toHaveText("8 runbooks");
    for (const category of ["API Issues", "Cache Issues", "Database Issues", "Monitoring Issues"]) {
      await expect(page.getByRole("heading", { level: 2, name: new RegExp(category) })).toBeVisible();
    }
    const card = page
      .getByRole("listitem")
      .filter({ has: page.getByRole("link", { name: "Connection Pool Exhaustion" }) });
    await expect(card.getByText("Connection timeouts")).toBeVisible();
    await expect(page.getByRole("link", { name: "General Troubleshooting Steps" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Support and Escalation" })).toBeVisible();
  });

  test("a card leads to the runbook with symptoms, diagnosis commands and solutions", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("link", { name: "High Error Rates" }).click();
    await expect(page).toHaveURL(/\/runbooks\/high-error-rates$/);
    await expect(page.getByRole("heading", { level: 1, name: "High Error Rates" })).toBeVisible();
    const symptoms = page.getByTestId("symptoms");
    await expect(symptoms.getByRole("listitem")).toHaveText([
      "Increased error responses",
      "Failed API calls",
      "Timeout errors",
    ]);
    const diagnosis = page.getByRole("region", { name: "Diagnosis" });
    await expect(diagnosis.getByRole("heading", { name: /Check error rates/ })).toBeVisible();
    await expect(diagnosis.getByText("curl http://your-api-url/metrics | grep error")).toBeVisible();
    await expect(diagnosis.getByText("tail -f /var/log/error.log")).toBeVisible();
    const solutions = page.getByRole("region", { name: "Solutions" });
    await expect(solutions.getByRole("heading", { level: 3 })).toHaveCount(6); // 3 solutions, each with one step title
    await expect(solutions.getByText('redis-cli get "rate_limit:{user_id}"')).toBeVisible();
  });

  test("copy button puts the command on the clipboard", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto("/runbooks/cache-memory-issues");
    const step = page.locator("#diagnosis-1");
    await step.getByRole("button", { name: /^Copy: redis-cli info memory/ }).click();
    await expect(step.getByRole("button", { name: /^Copy:/ })).toHaveText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("redis-cli info memory");
  });

  test("anchor links point at a step and a solution", async ({ page }) => {
    await page.goto("/runbooks/low-cache-hit-rate#diagnosis-2");
    const step = page.locator("#diagnosis-2");
    await expect(step).toBeInViewport();
    await expect(step.getByRole("heading", { name: /View cache configuration/ })).toBeVisible();
    await page.goto("/runbooks/low-cache-hit-rate#solution-3");
    await expect(page.locator("#solution-3")).toBeInViewport();
    await expect(page.locator("#solution-3").getByRole("heading", { level: 3 }).first()).toContainText(
      "Review cache eviction policy",
    );
  });

  test("the general and escalation pages render", async ({ page }) => {
    await page.goto("/runbooks/general-troubleshooting-steps");
    await expect(page.getByRole("heading", { level: 2, name: "Monitor Resources" })).toBeVisible();
    await expect(page.getByText("netstat -tulpn")).toBeVisible();
    await page.goto("/runbooks/support-and-escalation");
    await expect(page.getByText("#support-channel")).toBeVisible();
    await expect(page.getByRole("link", { name: "Redis Troubleshooting" })).toHaveAttribute("href", /redis\.io/);
  });

  test("an unknown slug is a real 404 with a way back", async ({ page }) => {
    const response = await page.goto("/runbooks/no-such-runbook");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "No such runbook" })).toBeVisible();
    await page.getByRole("link", { name: "Back to all runbooks" }).click();
    await expect(page).toHaveURL(/\/$/);
  });

  test("on a phone-sized screen nothing scrolls sideways", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 900 });
    for (const path of ["/", "/runbooks/slow-response-times", "/runbooks/general-troubleshooting-steps"]) {
      await page.goto(path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, path).toBeLessThanOrEqual(390);
    }
  });

  for (const scheme of ["light", "dark"] as const) {
    test(`home and a runbook pass axe in ${scheme} mode`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      for (const path of ["/", "/runbooks/slow-response-times", "/runbooks/support-and-escalation"]) {
        await page.goto(path);
        const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
        expect(results.violations.map((v) => `${path}: ${v.id} ${v.nodes[0]?.target.join(" ")}`)).toEqual([]);
      }
    });
  }
});
