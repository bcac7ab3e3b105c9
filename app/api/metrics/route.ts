// GET /api/metrics: the dashboard's own metrics in Prometheus text format (scraped by the demo's Prometheus).
import { dashboardMetrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const { registry } = dashboardMetrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
}
