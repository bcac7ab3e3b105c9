// Guarded changes from the guide's solutions; all off unless REMEDIATIONS_ENABLED=true.
import { z } from "zod";
import { booleanField, MONGO, REDIS, urlField } from "./fields";

export const remediationConfig = z
  .object({
    REMEDIATIONS_ENABLED: booleanField(false),
    REDIS_REMEDIATION_URL: urlField(REDIS, "redis://remediator:password@127.0.0.1:6379"),
    MONGODB_REMEDIATION_URL: urlField(MONGO, "mongodb://remediator:password@127.0.0.1:27017/"),
  })
  .transform((e) => ({
    /** Guarded changes from the guide's solutions; all off unless REMEDIATIONS_ENABLED=true. */
    remediation: {
      enabled: e.REMEDIATIONS_ENABLED,
      /** Separate, more privileged credentials for changes; unset uses REDIS_URL / MONGODB_URL. */
      redisUrl: e.REDIS_REMEDIATION_URL,
      mongodbUrl: e.MONGODB_REMEDIATION_URL,
    },
  }));

export type RemediationConfig = z.output<typeof remediationConfig>["remediation"];
