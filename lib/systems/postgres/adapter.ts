// PostgreSQL as one system (wired when its folder lands).
import type { SystemAdapter } from "../core/adapter";
import type { PostgresOperation } from "./operation";

export const POSTGRES_CHECKS = ["pg-connections"] as const;
export type PostgresCheck = (typeof POSTGRES_CHECKS)[number];

export const postgresAdapter: SystemAdapter<PostgresOperation, PostgresCheck> = {
  id: "postgres",
  label: "PostgreSQL",
  programs: {},
  fences: {},
  cli: () => "psql",
  targetLabel: () => "PostgreSQL (POSTGRES_URL)",
  limiterKey: () => "postgres",
  vocabulary: () => "",
  templates: () => [],
  fill: (operation) => operation,
  checks: POSTGRES_CHECKS,
  fits: () => ["pg-connections"],
  run: async () => {
    throw new Error("not yet");
  },
};
