// GET /search-index: the MiniSearch index over every runbook, built once at build time (static).
import { getLibrary } from "@/lib/runbooks/library";
import { buildSearchIndex, serializeSearchIndex } from "@/lib/search/build-index";

export const dynamic = "force-static";

export function GET(): Response {
  return Response.json(serializeSearchIndex(buildSearchIndex(getLibrary().runbooks)));
}
