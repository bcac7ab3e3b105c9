// readJsonBody streams the body and stops at the cap: a never-ending upload is cut off, not buffered.
import { describe, expect, it } from "vitest";
import { readJsonBody } from "@/lib/http/json-request";

const CHUNK = 1024;
/** A safety bound: the reader must stop long before this, or the test fails instead of hanging. */
const MAX_CHUNKS = 10_000;

/** A body that keeps sending 1 KB chunks until cancelled (or MAX_CHUNKS), counting what was pulled. */
function endlessBody() {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= MAX_CHUNKS) {
        controller.close();
        return;
      }
      state.pulled++;
      controller.enqueue(new Uint8Array(CHUNK).fill(0x20));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request("http://127.0.0.1/api/run", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    // Node's fetch needs this for a streamed request body.
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}

async function errorOf(response: Response): Promise<string> {
  return ((await response.json()) as { error: string }).error;
}

describe("readJsonBody", () => {
  it("parses a body under the cap", async () => {
    const read = await readJsonBody(post(JSON.stringify({ runbook: "high-error-rates" })), 64 * 1024);
    expect(read).toEqual({ ok: true, body: { runbook: "high-error-rates" } });
  });

  it("cuts a never-ending body off at the cap with 413, and stops reading it", async () => {
    const { stream, state } = endlessBody();
    const read = await readJsonBody(post(stream), 64 * 1024);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.response.status).toBe(413);
    expect(await errorOf(read.response)).toBe("request body over 65536 bytes");
    // It read just past 64 KB (plus what the stream buffered ahead), then cancelled the upload.
    expect(state.pulled).toBeLessThan(80);
    expect(state.cancelled).toBe(true);
  });

  it("refuses a declared Content-Length over the cap before reading anything", async () => {
    const { stream, state } = endlessBody();
    const read = await readJsonBody(post(stream, { "content-length": String(10 * 1024 * 1024) }), 64 * 1024);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.response.status).toBe(413);
    expect(state.pulled).toBeLessThanOrEqual(1);
  });

  it("counts bytes, not characters: multi-byte text over the cap is refused", async () => {
    // 40 000 three-byte characters: 40 000 UTF-16 units (under 64 K) but 120 000 bytes (over).
    const read = await readJsonBody(post(JSON.stringify({ note: "€".repeat(40_000) })), 64 * 1024);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.response.status).toBe(413);
  });

  it("answers 400 naming the problem for an empty, non-JSON or non-UTF-8 body", async () => {
    for (const [body, message] of [
      [null, "request body is not JSON (it is empty)"],
      ["{not json", "request body is not JSON"],
      [new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), "request body is not UTF-8 text"],
    ] as const) {
      const read = await readJsonBody(post(body), 1024);
      expect(read.ok).toBe(false);
      if (read.ok) continue;
      expect(read.response.status).toBe(400);
      expect(await errorOf(read.response)).toBe(message);
    }
  });
});
