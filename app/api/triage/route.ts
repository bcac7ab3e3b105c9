// POST /api/triage: runs the read-only diagnosis checks of the named runbooks, each distinct check once,
// and streams every result as NDJSON the moment it finishes.

import { deniedResponse, guardRequest } from "@/lib/auth/guard";
import { problem, readJsonBody } from "@/lib/http/json-request";
import { getRunbook } from "@/lib/runbooks/library";
import { describeZodError } from "@/lib/server/zod-errors";
import { triageRequestSchema } from "@/lib/triage/messages";
import { planTriage } from "@/lib/triage/plan";
import { runTriage } from "@/lib/triage/run-triage";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 16 * 1024;

export async function POST(request: Request): Promise<Response> {
  const granted = await guardRequest(request, "POST /api/triage");
  if (!granted.ok) return deniedResponse(granted);
  const read = await readJsonBody(request, MAX_BODY_BYTES);
  if (!read.ok) return read.response;
  const parsed = triageRequestSchema.safeParse(read.body);
  if (!parsed.success) return problem(400, `invalid request: ${describeZodError(parsed.error)}`);
  const slugs = [...new Set(parsed.data.runbooks)];
  const unknown = slugs.filter((slug) => !getRunbook(slug));
  if (unknown.length > 0) return problem(400, `unknown runbook: ${unknown.join(", ")}`);
  const plan = planTriage(slugs.flatMap((slug) => getRunbook(slug) ?? []));

  const encoder = new TextEncoder();
  const abort = new AbortController();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      await runTriage(
        plan,
        (message) => {
          if (!abort.signal.aborted) controller.enqueue(encoder.encode(`${JSON.stringify(message)}\n`));
        },
        { signal: abort.signal, ...(parsed.data.window ? { window: parsed.data.window } : {}) },
      );
      if (!abort.signal.aborted) controller.close();
    },
    cancel() {
      abort.abort();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" },
  });
}
