// Picks a steady share of calls: one in 1/share, evenly spaced, instead of a coin toss per call.
// A rare fault (1 % of queries) judged over a 1-minute window needs a predictable count of events in it:
// with a coin toss, a quiet minute holds too few of them to judge (Poisson(12) falls under 5 about 1 % of
// the time, far more often when traffic slows down).
export function steadyShare(share: number): () => boolean {
  let calls = 0;
  let picked = 0;
  return () => {
    calls += 1;
    // The epsilon keeps 100 × 0.01 from landing just under 1.
    const due = Math.floor(calls * share + 1e-9);
    if (due <= picked) return false;
    picked = due;
    return true;
  };
}
