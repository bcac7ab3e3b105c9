// With AUTH_MODE=none every page says so: nobody signs in, and whoever reaches 127.0.0.1 is an admin.
import { connection } from "next/server";
import { getConfig } from "@/lib/config";

export const NO_AUTH_WARNING = "Sign-in is off: everyone who can reach this machine's 127.0.0.1 is an admin";

export async function NoAuthBanner() {
  // Read at request time: the mode is the running server's, not the build's.
  await connection();
  if (getConfig().auth.mode !== "none") return null;
  return (
    <div
      role="status"
      data-testid="no-auth-banner"
      className="border-b border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <div className="mx-auto max-w-7xl px-4 py-2 text-sm font-medium">{NO_AUTH_WARNING}</div>
    </div>
  );
}
