"use client";
// A small fetch-and-refresh hook for the few things the pages poll (stack status, an incident's banner, a live
// step): fetches when `key` is set, again every `intervalMs` while the tab is visible (and, if asked, when the
// tab comes back), never two at a time, and ignores answers for a key no longer asked. It replaced SWR, whose
// cache and options none of these used, to keep every page's first-load script smaller.
import { useEffect, useRef, useState } from "react";

export interface Polled<T> {
  data: T | undefined;
  error: Error | undefined;
  isLoading: boolean;
}

export interface PollOptions {
  intervalMs: number;
  /** Fetch again when the tab becomes visible (or the window is focused) after being away. */
  onFocus?: boolean;
  /** Keep polling after a failure (default); false stops at the first error. */
  retryOnError?: boolean;
}

export function usePolled<T>(
  key: string | null,
  fetcher: (key: string) => Promise<T>,
  { intervalMs, onFocus = false, retryOnError = true }: PollOptions,
): Polled<T> {
  const [state, setState] = useState<{ key: string | null; data?: T; error?: Error }>({ key });
  // The latest fetcher, without restarting the timer when a caller passes a new function each render.
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  useEffect(() => {
    setState({ key });
    if (key === null) return;
    let active = true;
    let inFlight = false;
    let stopped = false;
    const load = async () => {
      if (inFlight || stopped || document.visibilityState === "hidden") return;
      inFlight = true;
      try {
        const data = await fetcherRef.current(key);
        if (active) setState({ key, data });
      } catch (e) {
        if (!retryOnError) stopped = true;
        const error = e instanceof Error ? e : new Error(String(e));
        if (active) setState((previous) => ({ key, data: previous.key === key ? previous.data : undefined, error }));
      } finally {
        inFlight = false;
      }
    };
    void load();
    const timer = setInterval(() => void load(), intervalMs);
    const again = () => {
      if (document.visibilityState === "visible") void load();
    };
    if (onFocus) {
      document.addEventListener("visibilitychange", again);
      window.addEventListener("focus", again);
    }
    return () => {
      active = false;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", again);
      window.removeEventListener("focus", again);
    };
  }, [key, intervalMs, onFocus, retryOnError]);

  const current = state.key === key ? state : { key };
  return {
    data: current.data,
    error: current.error,
    isLoading: key !== null && current.data === undefined && current.error === undefined,
  };
}
