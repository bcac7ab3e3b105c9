// The evidence window in request schemas (run and triage requests): server-side, so zod stays off the pages.
import { z } from "zod";
import { EVIDENCE_WINDOWS } from "./window";

export const evidenceWindowSchema = z.enum(EVIDENCE_WINDOWS);
