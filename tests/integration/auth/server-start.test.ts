// server.ts refuses to start without sign-in on anything but loopback, naming what to change; it fails
// before loading the app, so no build is needed for this check.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support";

function startServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "server.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.on("error", reject);
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("server.ts start-up checks", () => {
  it.each(["0.0.0.0", "::", "192.168.10.4"])("AUTH_MODE=none with HOST=%s exits 1 saying why", async (host) => {
    const { code, output } = await startServer({ AUTH_MODE: "none", HOST: host, PORT: "3290" });
    expect(code).toBe(1);
    expect(output).toContain(
      `AUTH_MODE=none turns sign-in off, so it only listens on a loopback address; HOST is ${host}`,
    );
  });

  it("a bad setting stops it with the variable's name, never its secret value", async () => {
    const { code, output } = await startServer({ AUTH_MODE: "local", AUTH_SECRET: "too short secret", PORT: "3291" });
    expect(code).toBe(1);
    expect(output).toContain("AUTH_SECRET: must be 32-512 characters");
    expect(output).not.toContain("too short secret");
  });
});
