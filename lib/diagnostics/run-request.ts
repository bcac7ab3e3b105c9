// The zod schema of a run request from the browser: ids and parameter values only, never a host or command.
import { z } from "zod";
import { evidenceWindowSchema } from "../evidence/window-schema";
import { slugSchema } from "../runbooks/model";
import { incidentIdSchema } from "../server/id-schemas";

export const stepIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "step ids look like diagnosis-2")
  .max(80);

export const paramValuesSchema = z
  .record(z.string().regex(/^[a-z_]{1,32}$/, "parameter names are lowercase words"), z.string().max(2000))
  .default({});

export const runStepInputSchema = z
  .object({
    runbook: slugSchema,
    stepId: stepIdSchema,
    params: paramValuesSchema,
    /** The window counter checks cover (the page's ?window=); 5 min when absent. */
    window: evidenceWindowSchema.optional(),
    /** Record the run to this incident (the page was opened with ?incident=<id>). */
    incidentId: incidentIdSchema.optional(),
  })
  .strict();

export type RunStepInput = z.infer<typeof runStepInputSchema>;

export const MAX_STEPS_PER_RUN = 64;

export const runManyInputSchema = z
  .object({
    runbook: slugSchema,
    steps: z
      .array(z.object({ stepId: stepIdSchema, params: paramValuesSchema }).strict())
      .min(1)
      .max(MAX_STEPS_PER_RUN),
    window: evidenceWindowSchema.optional(),
    incidentId: incidentIdSchema.optional(),
  })
  .strict();

export type RunManyInput = z.infer<typeof runManyInputSchema>;
