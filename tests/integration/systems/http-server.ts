// A real node:http service for the HTTP and Prometheus target tests: /metrics, /health and the failure modes.
import http from "node:http";
import type net from "node:net";

export const METRICS_BODY = `# HELP agent_errors_total Errors by code.
# TYPE agent_errors_total counter
agent_errors_total{code="500"} 3
# HELP http_requests_total Requests.
# TYPE http_requests_total counter
http_requests_total{code="200"} 97
http_requests_total{code="500"} 3
`;

export interface TestHttpServer {
  port: number;
  base: string;
  /** Request paths seen, in order. */
  requests: { path: string; headers: http.IncomingHttpHeaders }[];
  /** Sockets currently open on the server side. */
  openSockets: () => number;
  /** Waits until no socket that ever hit `path` is open any more. */
  closedAfter: (path: string, ms: number) => Promise<void>;
  close: () => Promise<void>;
}

export async function startTestHttpServer(): Promise<TestHttpServer> {
  const requests: TestHttpServer["requests"] = [];
  const sockets = new Set<net.Socket>();
  const socketsByPath = new Map<string, Set<net.Socket>>();
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const path = req.url ?? "/";
    requests.push({ path, headers: req.headers });
    const set = socketsByPath.get(path) ?? new Set<net.Socket>();
    set.add(req.socket);
    socketsByPath.set(path, set);
    switch (path.split("?")[0]) {
      case "/metrics":
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
        res.end(METRICS_BODY);
        return;
      case "/health":
        res.writeHead(200, { "content-type": "application/health+json" });
        res.end(
          JSON.stringify({ status: "pass", checks: { "db:connections": [{ status: "pass", observedValue: 3 }] } }),
        );
        return;
      case "/echo-headers":
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(req.headers));
        return;
      case "/redirect-metadata":
        // What an attacker-controlled or misconfigured endpoint would do: bounce us to cloud metadata.
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/iam/security-credentials/" });
        res.end();
        return;
      case "/big": {
        // 10 MB in 64 KB chunks, respecting back-pressure.
        res.writeHead(200, { "content-type": "text/plain" });
        const chunk = Buffer.alloc(64 * 1024, "a");
        let left = 160;
        const pump = () => {
          while (left > 0) {
            left--;
            if (!res.write(chunk)) {
              res.once("drain", pump);
              return;
            }
          }
          res.end();
        };
        res.on("error", () => undefined);
        pump();
        return;
      }
      case "/hang":
        // Accept, read the request, never answer.
        return;
      case "/drip": {
        // Headers now, then one byte every 100 ms forever (the 1 KB/s endpoint).
        res.writeHead(200, { "content-type": "text/plain" });
        const t = setInterval(() => res.write("x"), 100);
        timers.add(t);
        res.on("close", () => {
          clearInterval(t);
          timers.delete(t);
        });
        return;
      }
      case "/api/v1/targets":
        // Not Prometheus: HTML, as a wrongly pointed PROMETHEUS_URL would return.
        res.writeHead(404, { "content-type": "text/html" });
        res.end("<html>not here</html>");
        return;
      default:
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found");
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  const port = address.port;
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    requests,
    openSockets: () => sockets.size,
    closedAfter: async (path, ms) => {
      const until = Date.now() + ms;
      for (;;) {
        const open = [...(socketsByPath.get(path) ?? [])].filter((s) => !s.destroyed);
        if (open.length === 0) return;
        if (Date.now() > until) throw new Error(`${open.length} socket(s) for ${path} still open after ${ms} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: async () => {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
