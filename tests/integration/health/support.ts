// The health suite reuses the sign-in suites' isolated environment (sign-in on, a fresh DATA_DIR).
import { REDIS_URL } from "../systems/helpers";

export { type AuthEnv, authEnv } from "../auth/support";
export const REDIS_URL_FOR_TESTS = REDIS_URL;
