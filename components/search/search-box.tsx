"use client";
// The header search: a combobox over every runbook; "/" or Ctrl/Cmd-K focuses it, arrows pick, Enter opens.
import { useRouter } from "next/navigation";
import { type KeyboardEvent, useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from "react";
import type { SearchHit } from "@/lib/search/query";
import { HighlightedText } from "./highlighted-text";
import { useSearchIndex } from "./use-search-index";

const PLACE_LABEL: Record<SearchHit["place"], string> = {
  title: "runbook",
  symptom: "symptom",
  step: "step",
  solution: "solution",
  related: "checks",
};

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function SearchBox() {
  const router = useRouter();
  const inputRef = useRef<HTMLInputElement>(null);
  const baseId = useId();
  const listboxId = `${baseId}-listbox`;
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [wanted, setWanted] = useState(false);
  // Below 640 px the box hides behind an icon, so the header stays one row; it opens on the icon, "/" or Ctrl-K.
  const [shown, setShown] = useState(false);
  const { data: engine, error, isLoading } = useSearchIndex(wanted);
  const deferredQuery = useDeferredValue(query);
  const hits = useMemo(() => (engine ? engine.search(deferredQuery) : []), [engine, deferredQuery]);
  const showList = open && query.trim().length > 0;
  const activeHit = showList ? hits[Math.min(active, hits.length - 1)] : undefined;

  const focusSearch = useCallback(() => {
    setWanted(true);
    setShown(true);
    inputRef.current?.focus();
    inputRef.current?.select();
    // On a phone the box only becomes visible on the next frame.
    requestAnimationFrame(() => {
      if (document.activeElement !== inputRef.current) inputRef.current?.focus();
    });
  }, []);

  useEffect(() => {
    function onKeyDown(event: globalThis.KeyboardEvent) {
      if ((event.key === "k" || event.key === "K") && (event.ctrlKey || event.metaKey) && !event.altKey) {
        event.preventDefault();
        focusSearch();
      } else if (
        event.key === "/" &&
        !event.ctrlKey &&
        !event.metaKey &&
        !event.altKey &&
        !isTypingTarget(event.target)
      ) {
        event.preventDefault();
        focusSearch();
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [focusSearch]);

  function go(hit: SearchHit) {
    setOpen(false);
    setQuery("");
    inputRef.current?.blur();
    router.push(hit.href);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        setOpen(true);
        if (hits.length > 0) setActive((i) => (showList ? (i + 1) % hits.length : 0));
        break;
      case "ArrowUp":
        event.preventDefault();
        setOpen(true);
        if (hits.length > 0) setActive((i) => (showList ? (i - 1 + hits.length) % hits.length : hits.length - 1));
        break;
      case "Home":
      case "End":
        if (showList && hits.length > 0 && event.ctrlKey) {
          event.preventDefault();
          setActive(event.key === "Home" ? 0 : hits.length - 1);
        }
        break;
      case "Enter":
        if (activeHit) {
          event.preventDefault();
          go(activeHit);
        }
        break;
      case "Escape":
        event.preventDefault();
        if (showList) setOpen(false);
        else {
          setQuery("");
          setShown(false);
          inputRef.current?.blur();
        }
        break;
      case "Tab":
        setOpen(false);
        break;
    }
  }

  const status = !query.trim()
    ? ""
    : error
      ? error.message
      : isLoading || !engine
        ? "Loading the search index…"
        : hits.length === 0
          ? `No runbook matches “${query.trim()}”`
          : `${hits.length} result${hits.length === 1 ? "" : "s"}; use the arrow keys, Enter opens`;

  return (
    <>
      <button
        type="button"
        onClick={focusSearch}
        aria-label="Open search"
        aria-expanded={shown}
        className={`ml-auto rounded-md p-1.5 text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 sm:hidden dark:text-slate-300 dark:hover:bg-slate-800 ${shown ? "hidden" : ""}`}
      >
        <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="h-5 w-5">
          <path
            fillRule="evenodd"
            d="M9 3.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11ZM2 9a7 7 0 1 1 12.45 4.39l3.58 3.58a.75.75 0 1 1-1.06 1.06l-3.58-3.58A7 7 0 0 1 2 9Z"
            clipRule="evenodd"
          />
        </svg>
      </button>
      <search
        className={`relative order-last w-full sm:order-none sm:ml-auto sm:block sm:w-80 lg:w-96 ${shown ? "block" : "hidden"}`}
        aria-label="Runbooks"
      >
        <svg
          aria-hidden
          viewBox="0 0 20 20"
          fill="currentColor"
          className="pointer-events-none absolute top-1/2 left-2.5 h-4 w-4 -translate-y-1/2 text-slate-400"
        >
          <path
            fillRule="evenodd"
            d="M9 3.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11ZM2 9a7 7 0 1 1 12.45 4.39l3.58 3.58a.75.75 0 1 1-1.06 1.06l-3.58-3.58A7 7 0 0 1 2 9Z"
            clipRule="evenodd"
          />
        </svg>
        <input
          ref={inputRef}
          type="text"
          role="combobox"
          aria-label="Search runbooks"
          aria-expanded={showList && hits.length > 0}
          aria-controls={listboxId}
          aria-autocomplete="list"
          aria-activedescendant={activeHit ? `${baseId}-option-${activeHit.slug}` : undefined}
          aria-keyshortcuts="/ Control+K Meta+K"
          aria-describedby={`${baseId}-status`}
          autoComplete="off"
          spellCheck={false}
          placeholder="Search runbooks, symptoms, commands"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
            setOpen(true);
            setWanted(true);
          }}
          onFocus={() => {
            setWanted(true);
            setOpen(true);
          }}
          onPointerEnter={() => setWanted(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
          className="peer w-full rounded-lg border border-slate-300 bg-white py-1.5 pr-12 pl-8 text-sm placeholder:text-slate-500 focus:border-sky-500 focus:outline-none focus:ring-2 focus:ring-sky-500/40 dark:border-slate-700 dark:bg-slate-950 dark:placeholder:text-slate-400"
        />
        <kbd
          aria-hidden
          className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 rounded border border-slate-300 px-1.5 font-sans text-[11px] text-slate-500 peer-focus:hidden dark:border-slate-600 dark:text-slate-400"
        >
          /
        </kbd>
        <p id={`${baseId}-status`} role="status" className="sr-only">
          {status}
        </p>
        <div
          id={listboxId}
          role="listbox"
          aria-label="Search results"
          hidden={!showList || hits.length === 0}
          className="absolute right-0 z-50 mt-2 max-h-[70vh] w-full overflow-y-auto rounded-xl border border-slate-200 bg-white p-1 shadow-xl sm:w-[32rem] dark:border-slate-700 dark:bg-slate-900"
        >
          {hits.map((hit) => {
            const selected = hit === activeHit;
            return (
              // biome-ignore lint/a11y/useKeyWithClickEvents: keys are handled by the combobox input (aria-activedescendant)
              <div
                key={hit.slug}
                id={`${baseId}-option-${hit.slug}`}
                role="option"
                aria-selected={selected}
                tabIndex={-1}
                data-href={hit.href}
                onMouseDown={(event) => event.preventDefault()}
                onMouseMove={() => setActive(hits.indexOf(hit))}
                onClick={() => go(hit)}
                className={`cursor-pointer rounded-lg px-3 py-2 ${selected ? "bg-sky-50 ring-1 ring-sky-300 dark:bg-sky-950 dark:ring-sky-700" : ""}`}
              >
                <div className="flex items-baseline justify-between gap-3">
                  <span className="font-medium">
                    <HighlightedText
                      pieces={engine?.highlight(hit.title, hit.terms) ?? [{ text: hit.title, match: false }]}
                    />
                  </span>
                  <span className="shrink-0 text-[11px] uppercase tracking-wide text-slate-600 dark:text-slate-300">
                    {PLACE_LABEL[hit.place]}
                  </span>
                </div>
                {hit.snippet && (
                  <p
                    className={`mt-0.5 truncate text-xs text-slate-600 dark:text-slate-300 ${hit.place === "step" ? "font-mono" : ""}`}
                  >
                    <HighlightedText
                      pieces={engine?.highlight(hit.snippet, hit.terms) ?? [{ text: hit.snippet, match: false }]}
                    />
                  </p>
                )}
              </div>
            );
          })}
        </div>
        {showList && hits.length === 0 && status && (
          <p
            aria-hidden
            className="absolute right-0 z-50 mt-2 w-full rounded-xl border border-slate-200 bg-white px-3 py-2 text-sm text-slate-600 shadow-xl sm:w-[32rem] dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300"
          >
            {status}
          </p>
        )}
      </search>
    </>
  );
}
