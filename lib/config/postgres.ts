// PostgreSQL. The password in the URL is a secret: configSecrets lists it so it is masked everywhere.
import { z } from "zod";
import { urlField } from "./fields";

export const postgresConfig = z
  .object({
    POSTGRES_URL: urlField(["postgres", "postgresql"], "postgres://user:password@127.0.0.1:5432/app"),
  })
  .transform((e) => ({
    postgresUrl: e.POSTGRES_URL,
  }));
