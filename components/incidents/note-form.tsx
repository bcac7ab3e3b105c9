"use client";
// Adds a Markdown note to the timeline, with a preview rendered exactly as the timeline will (sanitized).
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState, useTransition } from "react";
import { addNoteAction } from "@/app/actions/add-note";
import { Markdown } from "@/components/ui/markdown";
import { NOTE_MAX } from "@/lib/incidents/labels";

export function NoteForm({ incidentId }: { incidentId: string }) {
  const router = useRouter();
  const id = useId();
  const [text, setText] = useState("");
  const [tab, setTab] = useState<"write" | "preview">("write");
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setMessage(undefined);
    startTransition(async () => {
      const result = await addNoteAction({ incidentId, markdown: text }).catch((e: unknown) => ({
        ok: false as const,
        error: e instanceof Error ? e.message : "the request failed",
      }));
      if (!result.ok) {
        setMessage({ ok: false, text: result.error });
        return;
      }
      setText("");
      setTab("write");
      setMessage({ ok: true, text: "Note added" });
      router.refresh();
    });
  }

  const over = text.length > NOTE_MAX;
  const tabClass = (active: boolean) =>
    `rounded-t-md px-3 py-1 text-sm font-medium ${
      active
        ? "border border-b-0 border-slate-300 bg-white dark:border-slate-600 dark:bg-slate-950"
        : "text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
    }`;
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-h`} className="space-y-2">
      <h3 id={`${id}-h`} className="text-sm font-semibold">
        Add a note
      </h3>
      <div role="tablist" aria-label="Note editor" className="flex gap-1">
        <button
          type="button"
          role="tab"
          aria-selected={tab === "write"}
          aria-controls={`${id}-panel`}
          className={tabClass(tab === "write")}
          onClick={() => setTab("write")}
        >
          Write
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === "preview"}
          aria-controls={`${id}-panel`}
          className={tabClass(tab === "preview")}
          onClick={() => setTab("preview")}
        >
          Preview
        </button>
      </div>
      <div id={`${id}-panel`} role="tabpanel">
        {tab === "write" ? (
          <textarea
            id={`${id}-text`}
            aria-label="Note (Markdown)"
            value={text}
            onChange={(event) => setText(event.target.value)}
            rows={5}
            placeholder="What you saw, what you tried, what changed. Markdown works."
            className="w-full rounded-md rounded-tl-none border border-slate-300 bg-white px-3 py-2 font-mono text-sm dark:border-slate-600 dark:bg-slate-950"
          />
        ) : (
          <div
            data-testid="note-preview"
            className="min-h-[7.5rem] rounded-md rounded-tl-none border border-slate-300 bg-white px-3 py-2 dark:border-slate-600 dark:bg-slate-950"
          >
            {text.trim() ? (
              <Markdown>{text}</Markdown>
            ) : (
              <p className="text-sm text-slate-500 dark:text-slate-400">Nothing to preview.</p>
            )}
          </div>
        )}
      </div>
      <div className="flex items-center justify-between gap-3">
        <span
          className={`text-xs tabular-nums ${over ? "font-semibold text-red-700 dark:text-red-300" : "text-slate-500 dark:text-slate-400"}`}
        >
          {text.length.toLocaleString("en-US")} / {NOTE_MAX.toLocaleString("en-US")}
        </span>
        <button
          type="submit"
          disabled={pending || text.trim() === ""}
          className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-semibold text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:opacity-60 dark:bg-sky-700 dark:hover:bg-sky-600"
        >
          {pending ? "Saving…" : "Add note"}
        </button>
      </div>
      <div aria-live="polite" className="text-sm">
        {message && (
          <p
            role={message.ok ? "status" : "alert"}
            className={message.ok ? "text-emerald-800 dark:text-emerald-300" : "text-red-800 dark:text-red-300"}
          >
            {message.text}
          </p>
        )}
      </div>
    </form>
  );
}
