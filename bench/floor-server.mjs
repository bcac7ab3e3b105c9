// The bench's floor: a bare node:http handler doing the same INFO memory through one ioredis client, nothing else.
import http from "node:http";
import Redis from "ioredis";

const port = Number(process.env.PORT);
const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", {
  connectTimeout: 2000,
  commandTimeout: 5000,
  maxRetriesPerRequest: 1,
});
redis.on("error", () => undefined);

const server = http.createServer((req, res) => {
  redis.info("memory").then(
    (info) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, bytes: info.length }));
    },
    (error) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error));
    },
  );
  req.resume();
});

server.listen(port, "127.0.0.1", () => {
  process.stdout.write("floor ready\n");
});

process.on("SIGTERM", () => {
  server.close();
  redis.disconnect();
  process.exit(0);
});
