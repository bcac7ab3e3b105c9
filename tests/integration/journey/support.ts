// Addresses of the test services (scripts/services.sh exports them) the journey's .env points at.
export { REDIS_URL } from "../systems/helpers";
export const POSTGRES_URL = process.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
