/**
 * A unified diff (what `git apply` and review tools take) of one file: the repository's text
 * against the edited one, with three lines of context. The common start and end are cut off
 * first; the changed middle is compared line by line (longest common subsequence). A middle too
 * large for that is replaced as one block: still a correct patch, only a longer one.
 */
const CONTEXT = 3;
const MAX_CELLS = 16_000_000;
const NO_EOL = '\u0000';

export type Op = { kind: ' ' | '-' | '+'; text: string; a: number; b: number };

/** Lines of a text; a last line without a newline carries a marker so it compares unequal. */
function lines(text: string): string[] {
  if (text === '') return [];
  const all = text.split('\n');
  if (all[all.length - 1] === '') all.pop();
  else all[all.length - 1] += NO_EOL;
  return all;
}

/** The steps from `a` to `b`: kept, removed and added items, with their indexes in each. */
export function editScript(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = [];
  for (let i = 0; i < start; i++) ops.push({ kind: ' ', text: a[i]!, a: i, b: i });
  const n = endA - start;
  const m = endB - start;
  if (n * m > MAX_CELLS) {
    for (let i = start; i < endA; i++) ops.push({ kind: '-', text: a[i]!, a: i, b: start });
    for (let j = start; j < endB; j++) ops.push({ kind: '+', text: b[j]!, a: endA, b: j });
  } else {
    // lcs[i][j]: the longest common subsequence of a[start+i..] and b[start+j..].
    const lcs = new Uint32Array((n + 1) * (m + 1));
    const at = (i: number, j: number) => i * (m + 1) + j;
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        lcs[at(i, j)] =
          a[start + i] === b[start + j]
            ? lcs[at(i + 1, j + 1)]! + 1
            : Math.max(lcs[at(i + 1, j)]!, lcs[at(i, j + 1)]!);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      const [ai, bj] = [start + i, start + j];
      if (i < n && j < m && a[ai] === b[bj]) {
        ops.push({ kind: ' ', text: a[ai]!, a: ai, b: bj });
        i++;
        j++;
      } else if (i < n && (j === m || lcs[at(i + 1, j)]! >= lcs[at(i, j + 1)]!)) {
        // Removed lines before added ones, as diff and git write them.
        ops.push({ kind: '-', text: a[ai]!, a: ai, b: bj });
        i++;
      } else {
        ops.push({ kind: '+', text: b[bj]!, a: ai, b: bj });
        j++;
      }
    }
  }
  for (let k = 0; k < a.length - endA; k++)
    ops.push({ kind: ' ', text: a[endA + k]!, a: endA + k, b: endB + k });
  return ops;
}

/** `path` is the file's path in the repository (`processes/…`); '' when nothing changed. */
export function unifiedDiff(path: string, before: string, after: string): string {
  const ops = editScript(lines(before), lines(after));
  const changed = ops.flatMap((o, k) => (o.kind === ' ' ? [] : [k]));
  if (changed.length === 0) return '';
  // Hunks: runs of changes with their context, merged where the contexts touch.
  const ranges: [number, number][] = [];
  for (const k of changed) {
    const from = Math.max(0, k - CONTEXT);
    const to = Math.min(ops.length - 1, k + CONTEXT);
    const last = ranges[ranges.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else ranges.push([from, to]);
  }
  const out = [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`];
  for (const [from, to] of ranges) {
    const hunk = ops.slice(from, to + 1);
    const oldCount = hunk.filter((o) => o.kind !== '+').length;
    const newCount = hunk.filter((o) => o.kind !== '-').length;
    // A range of no lines starts at the line before it (0 at the very beginning).
    const oldStart = oldCount === 0 ? hunk[0]!.a : hunk[0]!.a + 1;
    const newStart = newCount === 0 ? hunk[0]!.b : hunk[0]!.b + 1;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const o of hunk) {
      const noEol = o.text.endsWith(NO_EOL);
      out.push(`${o.kind}${noEol ? o.text.slice(0, -1) : o.text}`);
      if (noEol) out.push('\\ No newline at end of file');
    }
  }
  return `${out.join('\n')}\n`;
}
