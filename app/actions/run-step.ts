"use server";
// Server action: run one diagnosis step of a runbook against its configured target.
import { serverAction } from "@/lib/auth/server-action";
import { runStepSpec } from "@/lib/incidents/run-step-request";

export const runStepAction = serverAction("runStepAction", runStepSpec);
