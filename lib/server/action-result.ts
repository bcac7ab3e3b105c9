// The one result contract of every server action (and of helpers that answer for one): data, or a message to show.

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string };
