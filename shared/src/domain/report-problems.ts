/**
 * The adapters write problems in English (logs and tests read them); a resident's printout needs
 * Chinese (the PDF and the mini-program both use this). Known notes are matched by pattern, with the item name kept; an unknown note is shown
 * as written rather than dropped, since hiding a problem is worse than an untranslated one.
 */
const LABELS: readonly [RegExp, string][] = [
  [/^result is not a number/i, '结果无法识别'],
  [/^no result/i, '无结果'],
  [/^no unit given/i, '缺少单位'],
  [/^hospital flag (\w) disagrees with the range \((\w)\)/i, '医院提示与参考范围不一致'],
  [/^attachment too large/i, '附件过大未附上'],
  [/^attachment size unknown/i, '附件大小未知未附上'],
  [/^attachment link leaves/i, '附件链接无效未附上'],
  [/^(\d+) result\(s\) could not be read/i, '$1 项结果无法读取'],
];

export function problemLabel(problem: string): string {
  // Report-level copies of item notes read "<item name>: <note>" (itemProblems in upstreams).
  const colon = problem.indexOf(': ');
  const item = colon > 0 ? `${problem.slice(0, colon)}：` : '';
  const note = colon > 0 ? problem.slice(colon + 2) : problem;
  for (const [re, label] of LABELS) {
    const m = re.exec(note);
    if (m) return item + label.replace(/\$(\d)/g, (_, i: string) => m[Number(i)] ?? '');
  }
  return problem;
}
