// The browser side of better-auth: sign-in with a password or the OIDC provider, and sign-out.
// Same origin as the page, so no base URL is configured.
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient({ basePath: "/api/auth" });
