// A second dashboard instance for the single-flight test: runs one step N times at once through executeStep
// and prints the results as one JSON line. Usage: tsx --conditions=react-server run-child.ts <runbook> <step> <n>
import { executeStep } from "../../../lib/diagnostics/execute-step";
import { closeLimitsStores } from "../../../lib/limits/store";
import { closeRedis } from "../../../lib/systems/redis/client";

async function main(): Promise<void> {
  const [runbook = "", stepId = "", n = "1"] = process.argv.slice(2);
  // Both processes start their burst when the parent says so (stdin closes), so the runs overlap.
  process.stdout.write("READY\n");
  await new Promise<void>((resolve) => {
    process.stdin.resume();
    process.stdin.once("end", () => resolve());
  });
  const runs = await Promise.all(Array.from({ length: Number(n) }, () => executeStep({ runbook, stepId, params: {} })));
  process.stdout.write(
    `${JSON.stringify(runs.map((r) => ({ status: r.verdict.status, shared: r.shared === true, startedAt: r.startedAt })))}\n`,
  );
  await closeRedis();
  await closeLimitsStores();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
