// GET /api/health: for load balancers and uptime checks, without sign-in (lib/auth/operations.ts says why).
// application/health+json: pass / warn (200), fail (503) when a store the dashboard needs does not answer.
import { healthHttpStatus, healthReport } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const report = await healthReport();
  return new Response(JSON.stringify(report), {
    status: healthHttpStatus(report),
    headers: { "content-type": "application/health+json", "cache-control": "no-store" },
  });
}
