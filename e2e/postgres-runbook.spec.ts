import { expect, test } from "@playwright/test";
import pg from "pg";
import { runAll, step, verdictOf } from "./support/demo";

// The team's PostgreSQL runbook runs live against the machine's PostgreSQL (the demo stack's POSTGRES_URL):
// a lock the test holds shows up as critical with the blocking pid, and releasing it clears the step.

const URL = process.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const RUNBOOK = "/runbooks/postgresql-connection-and-lock-issues";

test.describe("PostgreSQL runbook", () => {
  test.describe.configure({ timeout: 120_000 });

  test("shows connections, names the session blocking another, and says why top statements are unsupported", async ({
    page,
  }) => {
    const holder = new pg.Client({ connectionString: URL, application_name: "e2e-lock-holder" });
    const waiter = new pg.Client({ connectionString: URL, application_name: "e2e-lock-waiter" });
    await holder.connect();
    await waiter.connect();
    try {
      await holder.query("CREATE TABLE IF NOT EXISTS e2e_lock_demo (id int PRIMARY KEY, n int)");
      await holder.query("INSERT INTO e2e_lock_demo VALUES (1, 0) ON CONFLICT DO NOTHING");
      await holder.query("BEGIN");
      await holder.query("UPDATE e2e_lock_demo SET n = n + 1 WHERE id = 1");
      const holderPid = (await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
      // The waiter blocks on the same row until the holder ends its transaction.
      const blocked = waiter.query("UPDATE e2e_lock_demo SET n = n + 1 WHERE id = 1");
      await page.waitForTimeout(6_000); // past the 5 s lock-wait threshold

      await page.goto(RUNBOOK);
      await expect(
        page.getByRole("heading", { level: 1, name: "PostgreSQL Connection and Lock Issues" }),
      ).toBeVisible();
      await runAll(page);
      await expect(verdictOf(page, "diagnosis-1")).toHaveAttribute("data-status", /ok|warning|critical/);
      await expect(step(page, "diagnosis-1")).toContainText(/max_connections/);
      await expect(verdictOf(page, "diagnosis-4")).toHaveAttribute("data-status", "critical");
      await expect(step(page, "diagnosis-4")).toContainText(String(holderPid));
      await expect(verdictOf(page, "diagnosis-5")).toHaveAttribute("data-status", "unsupported");
      await expect(step(page, "diagnosis-5")).toContainText(/pg_stat_statements/);

      await holder.query("ROLLBACK");
      await blocked;
      await runAll(page);
      await expect(verdictOf(page, "diagnosis-4")).toHaveAttribute("data-status", "ok");
    } finally {
      await holder.query("ROLLBACK").catch(() => undefined);
      await holder.query("DROP TABLE IF EXISTS e2e_lock_demo").catch(() => undefined);
      await Promise.allSettled([holder.end(), waiter.end()]);
    }
  });
});
