// lib/targets/system on this machine: resources, top processes and listening sockets via systeminformation.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOST_NOTE, maskCommandLine, systemNetwork, systemResources } from "@/lib/systems/local/host";

let listener: net.Server;
let port: number;

beforeAll(async () => {
  listener = net.createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const address = listener.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  port = address.port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => listener.close(() => resolve()));
});

describe("systemResources", () => {
  it("reports CPU, load averages, memory and the top 10 processes, noting which host", async () => {
    const r = await systemResources();
    expect(r.host.note).toBe(HOST_NOTE);
    expect(r.host.hostname.length).toBeGreaterThan(0);
    expect(r.cpu.cores).toBeGreaterThan(0);
    expect(r.cpu.currentLoadPercent).toBeGreaterThanOrEqual(0);
    expect(r.loadAverage).toHaveLength(3);
    expect(r.memory.totalBytes).toBeGreaterThan(r.memory.availableBytes);
    expect(r.memory.usedBytes).toBeGreaterThan(0);
    expect(r.topProcesses.length).toBeGreaterThan(0);
    expect(r.topProcesses.length).toBeLessThanOrEqual(10);
    const cpus = r.topProcesses.map((p) => p.cpuPercent);
    expect([...cpus].sort((a, b) => b - a)).toEqual(cpus);
    for (const p of r.topProcesses) expect(p.command.length).toBeLessThanOrEqual(200);
  }, 20_000);
});

describe("systemNetwork", () => {
  it("lists listening sockets with their process", async () => {
    const r = await systemNetwork();
    expect(r.host.note).toBe(HOST_NOTE);
    const mine = r.listening.find((s) => s.localPort === port);
    expect(mine, `port ${port} in ${JSON.stringify(r.listening.map((s) => s.localPort))}`).toBeDefined();
    expect(mine?.protocol).toMatch(/^tcp/);
    if (mine?.pid !== null) expect(mine?.pid).toBe(process.pid);
  }, 20_000);
});

describe("maskCommandLine", () => {
  it("masks secret-looking flags and assignments", () => {
    expect(maskCommandLine("redis-server --requirepass hunter2 --port 6379")).toBe(
      "redis-server --requirepass *** --port 6379",
    );
    expect(maskCommandLine("app --db-password=s3 --verbose")).toBe("app --db-password=*** --verbose");
    expect(maskCommandLine("env API_TOKEN=abc node x.js")).toBe("env API_TOKEN=*** node x.js");
    expect(maskCommandLine("mongod --bind 127.0.0.1 mongodb://u:p@h")).toBe(
      "mongod --bind 127.0.0.1 mongodb://u:***@h",
    );
    expect(maskCommandLine("worker shared-secret-value", ["shared-secret-value"])).toBe("worker ***");
  });
});
