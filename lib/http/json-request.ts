// Route-handler helpers: read a size-capped JSON body, and answer a problem with a JSON reason.

export function problem(status: number, message: string): Response {
  return Response.json({ error: message }, { status });
}

/** The parsed body, or the Response to send back (413 over `maxBytes`, 400 when it is not JSON). */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) return { ok: false, response: problem(413, `request body over ${maxBytes} bytes`) };
  const text = await request.text();
  if (text.length > maxBytes) return { ok: false, response: problem(413, `request body over ${maxBytes} bytes`) };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, response: problem(400, "request body is not JSON") };
  }
}
