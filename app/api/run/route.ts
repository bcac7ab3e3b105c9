// POST /api/run: runs several steps of one runbook in parallel and streams each result as it
// finishes (NDJSON). Server actions are dispatched one at a time by the client, so "Run all" uses this.

import { deniedResponse, guardRequest } from "@/lib/auth/guard";
import { executeStep, StepInputError } from "@/lib/diagnostics/execute-step";
import { keepRun } from "@/lib/diagnostics/recent-runs";
import { runManyInputSchema } from "@/lib/diagnostics/run-request";
import { problem, readJsonBody } from "@/lib/http/json-request";
import { recordRunToIncident } from "@/lib/incidents/record-run";
import { logError } from "@/lib/log";
import { describeZodError } from "@/lib/server/zod-errors";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 64 * 1024;

export async function POST(request: Request): Promise<Response> {
  const granted = await guardRequest(request, "POST /api/run");
  if (!granted.ok) return deniedResponse(granted);
  const read = await readJsonBody(request, MAX_BODY_BYTES);
  if (!read.ok) return read.response;
  const parsed = runManyInputSchema.safeParse(read.body);
  if (!parsed.success) return problem(400, `invalid request: ${describeZodError(parsed.error)}`);
  const { runbook, steps, incidentId, window } = parsed.data;
  const actor = granted.actor;
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      await Promise.all(
        steps.map(async ({ stepId, params }) => {
          let line: object;
          try {
            const data = keepRun(await executeStep({ runbook, stepId, params, ...(window ? { window } : {}) }), params);
            if (incidentId !== undefined) {
              const { entry: _entry, ...info } = await recordRunToIncident(incidentId, data, params, actor);
              data.incident = info;
            }
            line = { stepId, ok: true, data };
          } catch (error) {
            if (!(error instanceof StepInputError)) logError("run step failed", error);
            const message =
              error instanceof StepInputError ? error.message : "the step could not be run (internal error)";
            line = { stepId, ok: false, error: message };
          }
          controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        }),
      );
      controller.close();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" },
  });
}
