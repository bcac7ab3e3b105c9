"use client";
// When the incident store cannot be read: say so (aria-live) and offer a retry, instead of a blank page.
import { useEffect } from "react";

export default function IncidentsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <section
      role="alert"
      aria-live="assertive"
      className="mx-auto max-w-xl rounded-xl border border-red-300 bg-red-50 p-6 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <h1 className="text-lg font-semibold">The incident store could not be read</h1>
      <p className="mt-2 text-sm">
        Check INCIDENT_STORE and its settings (DATA_DIR, or INCIDENTS_MONGODB_URL) and the dashboard&apos;s log.
        {error.digest && <span className="mt-1 block font-mono text-xs">Error reference: {error.digest}</span>}
      </p>
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded-md bg-red-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-800"
      >
        Try again
      </button>
    </section>
  );
}
