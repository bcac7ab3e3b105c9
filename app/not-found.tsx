import Link from "next/link";

export default function NotFound() {
  return (
    <section aria-labelledby="nf-title" className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-sky-700 dark:text-sky-400">404</p>
      <h1 id="nf-title" className="mt-2 text-3xl font-bold tracking-tight">
        No such runbook
      </h1>
      <p className="mt-4 text-slate-600 dark:text-slate-300">
        The page you followed does not exist. It may have been renamed in the guide.
      </p>
      <Link
        href="/"
        className="mt-8 inline-block rounded-lg bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-white"
      >
        Back to all runbooks
      </Link>
    </section>
  );
}
