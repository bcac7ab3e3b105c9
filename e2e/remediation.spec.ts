// Roles in the browser: a viewer reads a runbook but can run nothing; an admin changes Redis's
// maxmemory-policy through the confirmation dialog, sees before → after and the re-check, and finds
// the change on the audit trail. Runs against the demo stack's Redis (REDIS_URL from dashboard.env).
import { expect, test } from "@playwright/test";
import Redis from "ioredis";
import { useRole } from "./support/auth";

const RUNBOOK = "/runbooks/low-cache-hit-rate";

async function redisPolicy(): Promise<string> {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error("REDIS_URL is not set: start the demo stack and load its dashboard.env");
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const [, value] = (await redis.config("GET", "maxmemory-policy")) as [string, string];
    return value;
  } finally {
    redis.disconnect();
  }
}

test.describe("as a viewer", () => {
  test.use(useRole("viewer"));

  test("reads the runbook but cannot run a step, run all, start an incident or fix anything", async ({ page }) => {
    await page.goto(RUNBOOK);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByTestId("user-role")).toHaveText("viewer");
    await expect(page.getByText("Viewers can read; ask an admin for the operator role").first()).toBeVisible();
    // No control that acts is enabled.
    for (const name of [/^Run( all| step)?\b/, /Start incident/]) {
      const buttons = page.getByRole("button", { name });
      const count = await buttons.count();
      for (let i = 0; i < count; i++) await expect(buttons.nth(i)).toBeDisabled();
    }
    await expect(page.getByTestId("fix-control")).toHaveCount(0);
  });
});

test.describe("as an admin", () => {
  test.use(useRole("admin"));

  test("changes maxmemory-policy through the confirmation dialog and sees before → after", async ({ page }) => {
    const original = await redisPolicy();
    const target = original === "allkeys-lfu" ? "allkeys-lru" : "allkeys-lfu";
    try {
      await page.goto(RUNBOOK);
      const fix = page.getByTestId("fix-control").filter({ has: page.getByLabel("New eviction policy") });
      await fix.getByLabel("New eviction policy").selectOption(target);
      await fix.getByRole("button", { name: "Fix…" }).click();

      const dialog = page.getByRole("dialog");
      await expect(dialog.getByRole("heading", { name: /^Confirm: / })).toBeVisible();
      await expect(dialog).toContainText(`CONFIG SET maxmemory-policy ${target}`);
      await expect(dialog).toContainText(new URL(process.env.REDIS_URL ?? "redis://x").host);
      await expect(dialog).toContainText(original);
      // Cancel is the safe default: focused first.
      await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
      // Redis is untouched until Apply.
      expect(await redisPolicy()).toBe(original);

      await dialog.getByRole("button", { name: "Apply" }).click();
      const result = dialog.getByRole("region", { name: "Before and after" });
      await expect(result).toContainText(original);
      await expect(result).toContainText(target);
      await expect(result).toContainText("Re-check:");
      expect(await redisPolicy()).toBe(target);
      await dialog.getByRole("button", { name: "Close" }).click();

      // One audit record: who, the command, before → after, ok.
      await page.goto("/audit?operation=applyRemediationAction");
      const row = page
        .getByTestId("audit-row")
        .filter({ hasText: `maxmemory-policy ${target}` })
        .first();
      await expect(row).toBeVisible();
      await expect(row).toContainText(original);
      await expect(row).toContainText("ok");
      await expect(row).toContainText("admin");
    } finally {
      // Put the demo Redis back the way the stack set it up, through the same guarded path.
      if ((await redisPolicy()) !== original) {
        await page.goto(RUNBOOK);
        const fix = page.getByTestId("fix-control").filter({ has: page.getByLabel("New eviction policy") });
        await fix.getByLabel("New eviction policy").selectOption(original);
        await fix.getByRole("button", { name: "Fix…" }).click();
        await page.getByRole("dialog").getByRole("button", { name: "Apply" }).click();
        await expect(page.getByRole("dialog").getByRole("region", { name: "Before and after" })).toBeVisible();
      }
    }
    expect(await redisPolicy()).toBe(original);
  });
});
