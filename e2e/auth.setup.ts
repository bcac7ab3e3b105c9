// Signs in through the real sign-in page once per role and saves each browser session for the specs
// (playwright.config.ts: the chromium project depends on this one; e2e/support/auth.ts reads the files).
import { expect, test as setup } from "@playwright/test";
import { demoAccounts, E2E_ROLES, storageStatePath } from "./support/auth";

for (const role of E2E_ROLES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await page.goto("/sign-in?next=/");
    const accounts = demoAccounts();
    if (accounts === undefined) {
      // A dashboard without sign-in (AUTH_MODE=none) sends /sign-in straight on; there is no session to save.
      await expect(
        page.getByTestId("no-auth-banner"),
        "DEMO_ACCOUNTS_FILE is unset, so sign-in must be off",
      ).toBeVisible();
      await page.context().storageState({ path: storageStatePath(role) });
      return;
    }
    const account = accounts[role];
    if (!account) throw new Error(`${process.env.DEMO_ACCOUNTS_FILE} has no ${role} account`);
    await page.getByLabel("E-mail").fill(account.email);
    await page.getByLabel("Password").fill(account.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId("user-role")).toHaveText(role);
    await page.context().storageState({ path: storageStatePath(role) });
  });
}
