// A second dashboard process for the windowed-evidence test: runs one step once with the given window and prints
// its status, headline and value as one JSON line. Usage: tsx --conditions=react-server evidence-child.ts <runbook> <step> <window>
import { executeStep } from "../../../lib/diagnostics/execute-step";
import { windowFromParam } from "../../../lib/evidence/window";
import { closeLimitsStores } from "../../../lib/limits/store";

async function main(): Promise<void> {
  const [runbook = "", stepId = "", window = "5m"] = process.argv.slice(2);
  const result = await executeStep({ runbook, stepId, params: {}, window: windowFromParam(window) });
  const { status, headline, headlineValue, evidence } = result.verdict;
  process.stdout.write(`${JSON.stringify({ status, headline, headlineValue, asOf: evidence?.asOf })}\n`);
  await closeLimitsStores();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
