"use client";
// A "Fix" control under a guide step: the new value (from the allowlist), then a confirmation dialog. The dialog's
// code is fetched when "Fix…" is pressed (while the current value is read), not with the page.
import dynamic from "next/dynamic";
import { type FormEvent, useEffect, useId, useState, useTransition } from "react";
import { previewRemediationAction } from "@/app/actions/remediation";
import { useDiagnostics } from "@/components/diagnostics/diagnostics-provider";
import {
  EVICTION_POLICIES,
  type EvictionPolicy,
  KIND_TITLES,
  POLICY_HINTS,
  PROFILING_SLOWMS_MAX,
  PROFILING_SLOWMS_MIN,
} from "@/lib/remediation/kinds";
import type { RemediationInput, RemediationPreview, RemediationSlot } from "@/lib/remediation/types";

const loadDialog = () => import("./confirm-dialog");
const ConfirmDialog = dynamic(() => loadDialog().then((m) => m.ConfirmDialog), { ssr: false });

const FIELD =
  "mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-950";
const LABEL = "block min-w-0 text-xs font-medium text-slate-700 dark:text-slate-300";

function changeFrom(slot: RemediationSlot, form: FormData): RemediationInput["change"] {
  const text = (name: string) => String(form.get(name) ?? "");
  switch (slot.kind) {
    case "redis-maxmemory-policy":
      return { kind: "redis-config", parameter: "maxmemory-policy", value: text("value") };
    case "redis-maxmemory":
      return { kind: "redis-config", parameter: "maxmemory", value: text("value") };
    case "mongo-create-index":
      return { kind: "mongo-create-index", collection: text("collection"), filter: text("filter"), sort: text("sort") };
    case "mongo-profiling":
      return text("level") === "0"
        ? { kind: "mongo-profiling", level: 0 }
        : { kind: "mongo-profiling", level: 1, slowms: Number(text("slowms")) };
  }
}

/** Collection and query follow the page's explain step as it is edited: the index is for that query. */
function IndexInputs({ slot, baseId }: { slot: RemediationSlot; baseId: string }) {
  const { runbook, params } = useDiagnostics();
  const query = slot.recheck.runbook === runbook ? params[slot.recheck.stepId] : undefined;
  const [collection, setCollection] = useState(query?.collection ?? "");
  const [filter, setFilter] = useState(query?.filter ?? "");
  useEffect(() => setCollection(query?.collection ?? ""), [query?.collection]);
  useEffect(() => setFilter(query?.filter ?? ""), [query?.filter]);
  return (
    <div className="space-y-3">
      <label className={LABEL} htmlFor={`${baseId}-collection`}>
        Collection
        <input
          id={`${baseId}-collection`}
          name="collection"
          required
          maxLength={120}
          value={collection}
          onChange={(e) => setCollection(e.target.value)}
          className={FIELD}
        />
      </label>
      <label className={LABEL} htmlFor={`${baseId}-filter`}>
        Query filter (JSON) — the index key follows from it: equality, then sort, then range fields
        <input
          id={`${baseId}-filter`}
          name="filter"
          required
          maxLength={4000}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder='{"status": "open", "total": {"$gt": 100}}'
          className={FIELD}
        />
      </label>
      <label className={LABEL} htmlFor={`${baseId}-sort`}>
        Sort (JSON, optional)
        <input id={`${baseId}-sort`} name="sort" maxLength={2000} placeholder='{"createdAt": -1}' className={FIELD} />
      </label>
    </div>
  );
}

function Inputs({ slot, baseId }: { slot: RemediationSlot; baseId: string }) {
  const [level, setLevel] = useState("1");
  if (slot.kind === "redis-maxmemory-policy") {
    const initial = (EVICTION_POLICIES as readonly string[]).includes(slot.defaults.value ?? "")
      ? slot.defaults.value
      : "allkeys-lru";
    return (
      <label className={LABEL} htmlFor={`${baseId}-value`}>
        New eviction policy
        <select id={`${baseId}-value`} name="value" defaultValue={initial} className={FIELD}>
          {EVICTION_POLICIES.map((p: EvictionPolicy) => (
            <option key={p} value={p}>
              {p} — {POLICY_HINTS[p]}
            </option>
          ))}
        </select>
      </label>
    );
  }
  if (slot.kind === "redis-maxmemory") {
    return (
      <label className={LABEL} htmlFor={`${baseId}-value`}>
        New memory limit
        <input
          id={`${baseId}-value`}
          name="value"
          required
          maxLength={20}
          defaultValue={slot.defaults.value ?? ""}
          aria-describedby={`${baseId}-value-hint`}
          className={FIELD}
        />
        <span id={`${baseId}-value-hint`} className="mt-1 block font-normal text-slate-500 dark:text-slate-400">
          Redis units: 256mb, 2gb or bytes; 16mb to 1tb, or 0 for no limit.
        </span>
      </label>
    );
  }
  if (slot.kind === "mongo-create-index") return <IndexInputs slot={slot} baseId={baseId} />;
  return (
    <div className="flex flex-wrap items-end gap-4">
      <fieldset className="text-xs">
        <legend className="font-medium text-slate-700 dark:text-slate-300">Profiler</legend>
        <div className="mt-1 flex gap-4">
          {[
            ["1", "On for slow operations"],
            ["0", "Off"],
          ].map(([value, text]) => (
            <label key={value} className="flex items-center gap-1.5 text-sm">
              <input
                type="radio"
                name="level"
                value={value}
                checked={level === value}
                onChange={(e) => setLevel(e.target.value)}
              />
              {text}
            </label>
          ))}
        </div>
      </fieldset>
      {level === "1" && (
        <label className={`${LABEL} w-40`} htmlFor={`${baseId}-slowms`}>
          slowms
          <input
            id={`${baseId}-slowms`}
            name="slowms"
            type="number"
            required
            min={PROFILING_SLOWMS_MIN}
            max={PROFILING_SLOWMS_MAX}
            step={1}
            defaultValue={slot.defaults.slowms ?? "100"}
            className={FIELD}
          />
        </label>
      )}
    </div>
  );
}

export function FixControl({ slot }: { slot: RemediationSlot }) {
  const baseId = useId();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [review, setReview] = useState<{ input: RemediationInput; preview: RemediationPreview }>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    openReview({
      runbook: slot.runbook,
      stepId: slot.stepId,
      change: changeFrom(slot, new FormData(event.currentTarget)),
    });
  }

  /** Reads the current value and opens the confirmation for `input` (a new change, or a revert). */
  function openReview(input: RemediationInput) {
    setError(undefined);
    setReview(undefined);
    void loadDialog();
    startTransition(async () => {
      const result = await previewRemediationAction({ remediation: input }).catch((e: unknown) => ({
        ok: false as const,
        error: e instanceof Error ? e.message : "the request failed",
      }));
      if (result.ok) setReview({ input, preview: result.data });
      else setError(result.error);
    });
  }

  return (
    <section
      aria-labelledby={`${baseId}-title`}
      data-testid="fix-control"
      className="mt-3 min-w-0 rounded-lg border border-orange-200 bg-orange-50/60 p-3 dark:border-orange-900 dark:bg-orange-950/40"
    >
      <h4 id={`${baseId}-title`} className="text-sm font-semibold text-orange-950 dark:text-orange-100">
        {KIND_TITLES[slot.kind]}
        <span className="ml-2 text-xs font-normal text-orange-800 dark:text-orange-300">admin · asks to confirm</span>
      </h4>
      <form onSubmit={submit} className="mt-2 space-y-3">
        <Inputs slot={slot} baseId={baseId} />
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-orange-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-orange-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:opacity-60"
        >
          {pending ? "Reading the current value…" : "Fix…"}
        </button>
      </form>
      <div aria-live="polite">
        {error && (
          <p
            role="alert"
            className="mt-2 rounded-md bg-red-50 px-2 py-1 text-sm text-red-900 dark:bg-red-950 dark:text-red-100"
          >
            {error}
          </p>
        )}
      </div>
      {review && (
        <ConfirmDialog
          key={JSON.stringify(review.input)}
          title={KIND_TITLES[slot.kind]}
          onRevert={openReview}
          input={review.input}
          preview={review.preview}
          onClose={() => setReview(undefined)}
        />
      )}
    </section>
  );
}
