// The Fix control under one guide step, when the page offers one (admins, REMEDIATIONS_ENABLED=true).
import type { RemediationSlot } from "@/lib/remediation/types";
import { FixControl } from "./fix-control";

export function StepFix({ slot }: { slot: RemediationSlot | undefined }) {
  return slot ? <FixControl slot={slot} /> : null;
}
