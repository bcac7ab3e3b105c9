// Flips a demo fault: `npm run demo:fault -- <name> on|off` (or `status`), talking to DEMO_URL's admin endpoint.
import { demoConfigFromProcess } from "./config";
import { FAULT_DESCRIPTIONS, FAULT_NAMES, isFaultName } from "./fault-names";

const USAGE = [
  "usage: npm run demo:fault -- <name> on|off",
  "       npm run demo:fault -- status",
  "",
  "faults:",
  ...FAULT_NAMES.map((n) => `  ${n.padEnd(20)} ${FAULT_DESCRIPTIONS[n]}`),
  "",
  "The demo API is read from DEMO_URL (default http://127.0.0.1:4000).",
].join("\n");

interface FaultStateView {
  name: string;
  on: boolean;
  since: string | null;
  detail: string;
}

async function request(url: string, init?: RequestInit): Promise<unknown> {
  let res: Response;
  try {
    // Filling Redis or draining the pool hogs takes seconds; 60 s is the upper bound, not the norm.
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    throw new Error(
      `cannot reach the demo API at ${url} (${error instanceof Error ? error.message : error}); start it with: bash scripts/demo-stack.sh up`,
    );
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: show the text as is.
  }
  if (!res.ok) {
    const message = typeof body === "object" && body !== null && "error" in body ? String(body.error) : text;
    throw new Error(`HTTP ${res.status}: ${message}`);
  }
  return body;
}

function show(s: FaultStateView): string {
  return `${s.name.padEnd(20)} ${s.on ? "ON " : "off"} ${s.since ? `since ${s.since} ` : ""}${s.detail}`;
}

async function main(argv: string[]): Promise<number> {
  const [name, action, ...rest] = argv;
  const base = demoConfigFromProcess().demoUrl;
  if (name === "status" && action === undefined) {
    const body = (await request(`${base}/admin/faults`)) as { faults: FaultStateView[] };
    process.stdout.write(`${body.faults.map(show).join("\n")}\n`);
    return 0;
  }
  if (name === undefined || !isFaultName(name) || (action !== "on" && action !== "off") || rest.length > 0) {
    const problem =
      name === undefined
        ? ""
        : !isFaultName(name)
          ? `unknown fault "${name}"\n\n`
          : `expected on or off after ${name}\n\n`;
    process.stderr.write(`${problem}${USAGE}\n`);
    return 2;
  }
  const state = (await request(`${base}/admin/faults/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ on: action === "on" }),
  })) as FaultStateView;
  process.stdout.write(`${show(state)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo:fault: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
