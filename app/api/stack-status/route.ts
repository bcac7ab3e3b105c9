// GET /api/stack-status: which parts of the demo stack are down, for the banner on every page.
import { readDemoStatus } from "@/lib/stack/demo-status";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const parts = await readDemoStatus();
  return Response.json({ demo: parts !== null, parts: parts ?? [] }, { headers: { "cache-control": "no-store" } });
}
