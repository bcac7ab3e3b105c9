// GET /api/stack-status: which parts of the demo stack are down, for the banner on every page.
import { deniedResponse, guardRequest } from "@/lib/auth/guard";
import { readDemoStatus } from "@/lib/stack/demo-status";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const granted = await guardRequest(request, "GET /api/stack-status");
  if (!granted.ok) return deniedResponse(granted);
  const parts = await readDemoStatus();
  return Response.json({ demo: parts !== null, parts: parts ?? [] }, { headers: { "cache-control": "no-store" } });
}
