// PostgreSQL. The password in the URL is a secret: configSecrets lists it so it is masked everywhere.
import { z } from "zod";
import { urlField } from "./fields";
import { namedUrlsField } from "./named-urls";

const POSTGRES = ["postgres", "postgresql"];

export const postgresConfig = z
  .object({
    POSTGRES_URL: urlField(POSTGRES, "postgres://user:password@127.0.0.1:5432/app"),
    /** Other servers a guide names with `psql -h <host>`: name=postgres://…, comma-separated. */
    POSTGRES_TARGETS: namedUrlsField(POSTGRES, "ledger-db=postgres://user:password@10.0.0.5:5432/postgres"),
  })
  .transform((e) => ({
    postgresUrl: e.POSTGRES_URL,
    /** Name → URL of the PostgreSQL servers a guide names by host. */
    postgresTargets: Object.freeze(e.POSTGRES_TARGETS),
  }));
