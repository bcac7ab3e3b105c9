// Prometheus (the guide's http://prometheus:9090).
import { z } from "zod";
import { HTTP, trimSlashOrUndefined, urlField } from "./fields";

export const prometheusConfig = z
  .object({
    PROMETHEUS_URL: urlField(HTTP, "http://127.0.0.1:9090"),
  })
  .transform((e) => ({
    /** The guide's `http://prometheus:9090`, without a trailing slash. */
    prometheusUrl: trimSlashOrUndefined(e.PROMETHEUS_URL),
  }));
