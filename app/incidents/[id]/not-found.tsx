import Link from "next/link";

export default function IncidentNotFound() {
  return (
    <section aria-labelledby="inf-title" className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-sky-700 dark:text-sky-400">404</p>
      <h1 id="inf-title" className="mt-2 text-3xl font-bold tracking-tight">
        No such incident
      </h1>
      <p className="mt-4 text-slate-600 dark:text-slate-300">
        The link is incomplete or the incident does not exist. Incident links are long random ids: check that the whole
        link was copied.
      </p>
      <Link
        href="/incidents"
        className="mt-8 inline-block rounded-lg bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-white"
      >
        All incidents
      </Link>
    </section>
  );
}
