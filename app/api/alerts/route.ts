// POST /api/alerts: Alertmanager's webhook (payload version 4, bearer token from ALERTS_TOKEN).
// Diagnostics for new firing alerts run after the response, so Alertmanager's 10 s timeout is never at risk.
import { after } from "next/server";
import { handleAlertWebhook } from "@/lib/incidents/alert-webhook";

export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return handleAlertWebhook(request, { schedule: (task) => after(task) });
}
