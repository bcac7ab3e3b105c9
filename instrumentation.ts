// Runs once when the server starts (Next.js instrumentation hook).
export async function register(): Promise<void> {
  // NEXT_RUNTIME is Next's build-time marker, not configuration: the documented way to keep Node-only
  // modules out of the edge bundle.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkConfigAtStartup } = await import("./lib/startup-check");
  checkConfigAtStartup();
}
