import { CopyButton } from "./copy-button";

/** A command as the guide wrote it, with a copy button. */
export function CodeBlock({ code, lang, copyText }: { code: string; lang: string; copyText?: string }) {
  return (
    <div className="relative">
      <pre
        className="overflow-x-auto rounded-lg bg-slate-900 p-3 pr-20 font-mono text-[13px] leading-relaxed text-slate-100 dark:bg-black/60"
        data-lang={lang}
      >
        <code>{code}</code>
      </pre>
      <div className="absolute right-2 top-2">
        <CopyButton text={copyText ?? code} />
      </div>
    </div>
  );
}
