// Route-handler helpers: read a size-capped JSON body, and answer a problem with a JSON reason.

export function problem(status: number, message: string): Response {
  return Response.json({ error: message }, { status });
}

function tooLarge(maxBytes: number): { ok: false; response: Response } {
  return { ok: false, response: problem(413, `request body over ${maxBytes} bytes`) };
}

/**
 * The parsed body, or the Response to send back (413 over `maxBytes`, 400 when it is not JSON).
 * The body is streamed and reading stops at the cap, so a huge or never-ending body costs at most
 * `maxBytes` of memory and is cut off instead of being buffered whole.
 */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) return tooLarge(maxBytes);
  if (request.body === null) return { ok: false, response: problem(400, "request body is not JSON (it is empty)") };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        // Stop the upload: nothing more is read from the socket.
        await reader.cancel("request body over the size limit").catch(() => undefined);
        return tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, response: problem(400, "the request body could not be read (the upload was interrupted)") };
  } finally {
    reader.releaseLock();
  }

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    return { ok: false, response: problem(400, "request body is not UTF-8 text") };
  }
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, response: problem(400, "request body is not JSON") };
  }
}
