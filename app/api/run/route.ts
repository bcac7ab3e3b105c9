// POST /api/run: runs several steps of one runbook in parallel and streams each result as it
// finishes (NDJSON). Server actions are dispatched one at a time by the client, so "Run all" uses this.
import { executeStep, StepInputError } from "@/lib/diagnostics/execute-step";
import { describeZodError, runManyInputSchema } from "@/lib/diagnostics/run-request";
import { logError } from "@/lib/log";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 64 * 1024;

function problem(status: number, message: string): Response {
  return new Response(JSON.stringify({ error: message }), {
    status,
    headers: { "content-type": "application/json" },
  });
}

export async function POST(request: Request): Promise<Response> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) return problem(413, `request body over ${MAX_BODY_BYTES} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return problem(400, "request body is not JSON");
  }
  const parsed = runManyInputSchema.safeParse(body);
  if (!parsed.success) return problem(400, `invalid request: ${describeZodError(parsed.error)}`);
  const { runbook, steps } = parsed.data;
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      await Promise.all(
        steps.map(async ({ stepId, params }) => {
          let line: object;
          try {
            line = { stepId, ok: true, data: await executeStep({ runbook, stepId, params }) };
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
