// A concurrent Redis client for bench/keyspace-analysis.ts: one GET of a missing key about every millisecond, its
// latency recorded, in a process of its own (so the scan's work in the bench process does not delay it).
// Messages from the parent: "reset" (forget samples so far), "stop" (reply with the samples, then exit).
// Run by the bench: node bench/latency-probe.mjs <port>
import Redis from "ioredis";

const port = Number(process.argv[2]);
const redis = new Redis({ host: "127.0.0.1", port, maxRetriesPerRequest: 0, enableOfflineQueue: true });
redis.on("error", () => undefined);

let samples = [];
let running = true;
// Hard stop after 15 minutes, so a lost parent never leaves the probe running.
const deadline = setTimeout(() => {
  running = false;
}, 15 * 60_000);
deadline.unref();

process.on("message", (message) => {
  if (message === "reset") samples = [];
  if (message === "stop") running = false;
});
process.on("disconnect", () => {
  running = false;
});

await redis.ping();
process.send?.("ready");
while (running) {
  const start = process.hrtime.bigint();
  await redis.get("probe:missing");
  samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  await new Promise((resolve) => setTimeout(resolve, 1));
}
process.send?.({ samples }, () => {
  redis.disconnect();
  process.exit(0);
});
