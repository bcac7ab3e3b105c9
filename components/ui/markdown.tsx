// Renders runbook prose (and later, incident notes) as sanitized Markdown.
import ReactMarkdown from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

export function Markdown({ children }: { children: string }) {
  return (
    <div className="prose-runbook space-y-3 text-sm leading-relaxed text-slate-700 dark:text-slate-300 [&_a]:text-sky-700 [&_a]:underline dark:[&_a]:text-sky-400 [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5">
      <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
