// Where server.ts (npm start) listens.
import { z } from "zod";
import { optionalText, positiveIntField } from "./fields";

/** An IP address or host name to listen on (no scheme, port or path). */
const hostField = optionalText.transform((v, ctx) => {
  if (v === undefined) return undefined;
  if (!/^[A-Za-z0-9.:_-]{1,253}$/.test(v) && !/^\[[0-9A-Fa-f:.]+\]$/.test(v)) {
    ctx.addIssue({ code: "custom", message: `must be an IP address or host name (e.g. 127.0.0.1), got "${v}"` });
    return undefined;
  }
  return v.replace(/^\[|\]$/g, "");
});

export const serverConfig = z
  .object({
    HOST: hostField,
    PORT: positiveIntField(3000, 65_535),
  })
  .transform((e) => ({
    /** Where server.ts listens: HOST (unset: 127.0.0.1 when AUTH_MODE=none, else every interface) and PORT. */
    server: { host: e.HOST, port: e.PORT },
  }));
