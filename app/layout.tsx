import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { NoAuthBanner } from "@/components/auth/no-auth-banner";
import { UserMenu } from "@/components/auth/user-menu";
import { SearchBox } from "@/components/search/search-box";
import { StackBanner } from "@/components/stack/stack-banner";
import { actorCan, optionalPageActor } from "@/lib/auth/guard";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Runbooks", template: "%s · Runbooks" },
  description: "Interactive runbooks: run the guide's diagnosis commands live and see a verdict beside each solution.",
};

const NAV_LINK = "text-sm text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white";

function NavLinks({ audit }: { audit: boolean }) {
  return (
    <>
      <Link href="/" className={NAV_LINK}>
        All runbooks
      </Link>
      <Link href="/incidents" className={NAV_LINK}>
        Incidents
      </Link>
      <Link href="/alerts" className={NAV_LINK}>
        Alerts
      </Link>
      {audit && (
        <Link href="/audit" className={NAV_LINK}>
          Audit
        </Link>
      )}
    </>
  );
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Read once for the whole shell, and nothing in the header behind Suspense: the search box, the user menu and
  // the no-auth warning are all in the first HTML, so nothing pops in or shifts after the first paint.
  // Sign-in and sign-out reload the page, so the shell never shows a stale state.
  const actor = await optionalPageActor();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900"
        >
          Skip to content
        </a>
        <header className="sticky top-0 z-40 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
          <nav
            aria-label="Main"
            className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-2 gap-y-2 px-3 py-3 sm:gap-x-6 sm:px-4"
          >
            <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
              <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-emerald-500" />
              Runbooks
            </Link>
            {/* Signed-out visitors (the sign-in page) get no links, search or banner that call guarded routes. */}
            {actor && (
              <>
                {/* Wide screens: the links in the row. Phones: behind "Menu", so the header stays one row. */}
                <div className="hidden items-center gap-x-6 sm:flex">
                  <NavLinks audit={actorCan(actor, "read-audit")} />
                </div>
                <details className="relative sm:hidden">
                  <summary className="cursor-pointer list-none rounded-md px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800">
                    Menu
                  </summary>
                  <div className="absolute left-0 z-50 mt-2 flex w-48 flex-col gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-xl dark:border-slate-700 dark:bg-slate-900">
                    <NavLinks audit={actorCan(actor, "read-audit")} />
                  </div>
                </details>
                <SearchBox />
              </>
            )}
            <UserMenu actor={actor} />
          </nav>
        </header>
        <NoAuthBanner />
        {actor && <StackBanner />}
        <main id="main" className="mx-auto max-w-7xl px-4 py-8">
          {children}
        </main>
        <footer className="mx-auto max-w-7xl px-4 pb-10 text-xs text-slate-500 dark:text-slate-400">
          Runbook dashboard — diagnostics run read-only; changes happen only through an admin's confirmed remediation.
        </footer>
      </body>
    </html>
  );
}
