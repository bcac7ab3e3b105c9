// Reads the demo stack's status.json (scripts/demo-stack.sh) so the dashboard can say which part is down and why.
import "server-only";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { getConfig } from "../config";

const statusSchema = z.object({
  parts: z.record(z.string(), z.object({ ok: z.boolean(), reason: z.string().optional() }).loose()),
});

export interface StackPart {
  name: string;
  ok: boolean;
  reason?: string;
}

/** Parts of the demo stack, or null when the dashboard does not run with the demo stack. */
export async function readDemoStatus(): Promise<StackPart[] | null> {
  const file = getConfig().demoStatusFile;
  if (!file) return null;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return [{ name: "demo stack", ok: false, reason: `no status file at ${file}: is scripts/demo-stack.sh running?` }];
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [{ name: "demo stack", ok: false, reason: "status.json is not valid JSON" }];
  }
  const parsed = statusSchema.safeParse(json);
  if (!parsed.success) return [{ name: "demo stack", ok: false, reason: "status.json has an unexpected shape" }];
  return Object.entries(parsed.data.parts).map(([name, part]) => ({
    name,
    ok: part.ok,
    ...(part.reason ? { reason: part.reason } : {}),
  }));
}
