// GET /search-index: the MiniSearch index over every runbook, for signed-in readers (built once per process).
import { deniedResponse, guardRequest } from "@/lib/auth/guard";
import { getLibrary } from "@/lib/runbooks/library";
import { buildSearchIndex, serializeSearchIndex } from "@/lib/search/build-index";

export const dynamic = "force-dynamic";

let serialized: unknown;

export async function GET(request: Request): Promise<Response> {
  const granted = await guardRequest(request, "GET /search-index");
  if (!granted.ok) return deniedResponse(granted);
  serialized ??= serializeSearchIndex(buildSearchIndex(getLibrary().runbooks));
  return Response.json(serialized, { headers: { "cache-control": "private, max-age=300" } });
}
