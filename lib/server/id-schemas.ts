// zod schemas of the ids a browser sends (incident and entry ids); the pattern itself is in id-format.ts.
import { z } from "zod";
import { ID_PATTERN } from "./id-format";

export const incidentIdSchema = z
  .string()
  .regex(ID_PATTERN, "malformed incident id (expected 22 characters of A-Z, a-z, 0-9, - and _)");
export const entryIdSchema = z
  .string()
  .regex(ID_PATTERN, "malformed entry id (expected 22 characters of A-Z, a-z, 0-9, - and _)");
