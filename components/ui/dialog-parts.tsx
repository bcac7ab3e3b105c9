// The pieces every confirm dialog repeats: its error line and its Cancel / submit row.

const SUBMIT_TONES = {
  red: "bg-red-700 hover:bg-red-800",
  emerald: "bg-emerald-700 hover:bg-emerald-800",
} as const;

/** An action's refusal, announced (role="alert") inside the dialog's live region. */
export function FormError({ message, testId }: { message: string; testId?: string }) {
  return (
    <p
      role="alert"
      data-testid={testId}
      className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-100"
    >
      {message}
    </p>
  );
}

/** Cancel closes the dialog; the submit button is disabled while the action runs and says so in its label. */
export function DialogButtons({
  onCancel,
  pending,
  label,
  tone,
}: {
  onCancel: () => void;
  pending: boolean;
  label: string;
  tone: keyof typeof SUBMIT_TONES;
}) {
  return (
    <div className="flex justify-end gap-3">
      <button
        type="button"
        onClick={onCancel}
        className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
      >
        Cancel
      </button>
      <button
        type="submit"
        disabled={pending}
        className={`rounded-md px-4 py-2 text-sm font-semibold text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:opacity-60 ${SUBMIT_TONES[tone]}`}
      >
        {label}
      </button>
    </div>
  );
}
