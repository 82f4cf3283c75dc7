// Partial ISO dates ("2024", "2024-10", "2024-10-18") and Admiralty grades,
// with the same rules as the server (graph/date.go, graph/grade.go).

// compareDates compares at the coarser precision of the two: -1, 0 or 1.
export function compareDates(a, b) {
  const n = Math.min(a.length, b.length);
  const x = a.slice(0, n), y = b.slice(0, n);
  return x < y ? -1 : x > y ? 1 : 0;
}

// holdsAt: an interval [since, until] (open ends allowed) holds at asOf.
export function holdsAt(since, until, asOf) {
  if (!asOf) return true;
  if (since && compareDates(since, asOf) > 0) return false;
  if (until && compareDates(until, asOf) < 0) return false;
  return true;
}

// overlaps: an interval [since, until] shares a day with the window
// [from, to]; empty ends are open, a partial date is its whole range
// (graph.Window.Overlaps).
export function overlaps(since, until, from, to) {
  if (since && to && compareDates(since, to) > 0) return false;
  if (until && from && compareDates(until, from) < 0) return false;
  return true;
}

// holdsIn: the relation holds at the filters' as-of date and overlaps
// their window (fromDate, toDate).
export function holdsIn(since, until, f) {
  return holdsAt(since, until, f.asOf) && overlaps(since, until, f.fromDate, f.toDate);
}

// parseGrade reads "B2" into { rel: 'B', cred: 2 }; an unknown reliability
// is F (cannot be judged), an unknown credibility the edge's credibility,
// else defaultCred (the server's rules.default_credibility), else 6.
export function parseGrade(grade, credibility, defaultCred = 6) {
  const g = String(grade || '');
  const rel = /^[A-F]/.test(g) ? g[0] : 'F';
  let cred = Number(g.slice(1)) || Number(credibility) || defaultCred;
  if (cred < 1 || cred > 6) cred = 6;
  return { rel, cred };
}

// isLowGrade: reliability D or worse, or credibility 4 or worse.
export function isLowGrade(grade, credibility, defaultCred) {
  const { rel, cred } = parseGrade(grade, credibility, defaultCred);
  return rel >= 'D' || cred >= 4;
}

// admits: the grade is at least as good as the floor on each constrained half.
export function admits(grade, credibility, minRel, minCred, defaultCred) {
  const { rel, cred } = parseGrade(grade, credibility, defaultCred);
  if (minRel && rel > minRel) return false;
  if (minCred && cred > Number(minCred)) return false;
  return true;
}

// monthRange lists "YYYY-MM" from January of the year before the earliest
// date to December of the latest year, so that a slider can reach "before
// everything".
export function monthRange(dates) {
  const years = dates.filter(Boolean).map(d => Number(d.slice(0, 4))).filter(y => y > 0);
  if (years.length === 0) return [];
  const lo = Math.min(...years) - 1, hi = Math.max(...years);
  const out = [];
  for (let y = lo; y <= hi; y++) {
    for (let m = 1; m <= 12; m++) out.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return out;
}

// period is a relation's dates as read: "2024-10 – present", "undated".
export function period(since, until) {
  if (!since && !until) return 'undated';
  return `${since || '…'} – ${until || 'present'}`;
}
