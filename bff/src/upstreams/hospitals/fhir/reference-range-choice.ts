import { formatReferenceRange } from '@jiankang/shared';
import { conceptText, type Concept, type ReferenceRangeEntry } from './report-resources';

/** What we know of the person, from the hospital's Patient resource. */
export interface Demographics {
  sex?: 'male' | 'female';
  /** yyyy-MM-dd (or yyyy / yyyy-MM, as R4 allows). */
  birthDate?: string;
}

export interface ChosenRange {
  low?: number;
  high?: number;
  text?: string;
  problem?: string;
}

const MEANING = 'http://terminology.hl7.org/CodeSystem/referencerange-meaning';
/** The sexes as appliesTo writes them: R4 administrative-gender, SNOMED CT, v3, or in words. */
const SEX_CODES: Readonly<Record<string, 'male' | 'female'>> = {
  male: 'male',
  female: 'female',
  '248153007': 'male',
  '248152002': 'female',
  M: 'male',
  F: 'female',
  男: 'male',
  女: 'female',
};

function sexOf(c: Concept): 'male' | 'female' | undefined {
  for (const x of c.coding) if (x.code && SEX_CODES[x.code]) return SEX_CODES[x.code];
  const t = c.text?.trim().toLowerCase();
  return t ? SEX_CODES[t] : undefined;
}

/** Age at `at` in a UCUM age unit (a, mo, wk, d), whole units; undefined when not computable. */
function ageIn(unit: string, birthDate: string, at: Date): number | undefined {
  const born = Date.parse(birthDate.length === 4 ? `${birthDate}-07-01` : birthDate);
  if (!Number.isFinite(born)) return undefined;
  const b = new Date(born);
  const months =
    (at.getUTCFullYear() - b.getUTCFullYear()) * 12 +
    at.getUTCMonth() -
    b.getUTCMonth() -
    (at.getUTCDate() < b.getUTCDate() ? 1 : 0);
  const days = Math.floor((at.getTime() - born) / 86_400_000);
  switch (unit) {
    case 'a':
    case 'year':
    case 'years':
    case '岁':
      return Math.floor(months / 12);
    case 'mo':
    case '月':
      return months;
    case 'wk':
      return Math.floor(days / 7);
    case 'd':
    case '天':
      return days;
    default:
      return undefined;
  }
}

/** Whether a range applies: true, false, or undefined when we lack what it depends on. */
function applies(r: ReferenceRangeEntry, who: Demographics, at: Date): boolean | undefined {
  let verdict: boolean | undefined = true;
  for (const c of r.appliesTo) {
    const sex = sexOf(c);
    // A population we cannot place (pregnancy, race): never taken for an ordinary patient.
    if (!sex) return false;
    if (!who.sex) verdict = undefined;
    else if (who.sex !== sex) return false;
  }
  if (r.age) {
    const unit = r.age.low?.code ?? r.age.low?.unit ?? r.age.high?.code ?? r.age.high?.unit ?? 'a';
    const age = who.birthDate ? ageIn(unit, who.birthDate, at) : undefined;
    if (age === undefined) return undefined;
    const { low, high } = { low: r.age.low?.value, high: r.age.high?.value };
    if ((low !== undefined && age < low) || (high !== undefined && age > high)) return false;
  }
  return verdict;
}

const specificity = (r: ReferenceRangeEntry) => r.appliesTo.length + (r.age ? 1 : 0);

/** `男 18-65岁: 3.9-6.1`: a range with who it is for, for the text shown when none can be chosen. */
function labelled(r: ReferenceRangeEntry): string {
  const who = r.appliesTo.map((c) =>
    sexOf(c) === 'male' ? '男' : sexOf(c) === 'female' ? '女' : conceptText(c),
  );
  const age = r.age
    ? `${r.age.low?.value ?? ''}-${r.age.high?.value ?? ''}${r.age.low?.unit ?? r.age.high?.unit ?? ''}`
    : '';
  const label = [...who, age].filter(Boolean).join(' ');
  const range = textOf(r);
  return label ? `${label}: ${range}` : range;
}

function textOf(r: ReferenceRangeEntry): string {
  return (
    r.text ??
    formatReferenceRange({
      low: r.low?.value,
      high: r.high?.value,
      lowInclusive: true,
      highInclusive: true,
    })
  );
}

/**
 * The referenceRange that applies to this person at the report date (R4: several may be given,
 * for different sexes, ages or meanings). Normal ranges (no `type`, or `normal`) come first; the
 * most specific one that applies wins. When ranges differ by sex or age we cannot place, none is
 * used for flags and all are shown with who they are for.
 */
export function chooseRange(
  ranges: readonly ReferenceRangeEntry[],
  who: Demographics,
  at: Date,
): ChosenRange | undefined {
  if (ranges.length === 0) return undefined;
  const normal = ranges.filter(
    (r) => !r.type || r.type.coding.some((c) => c.system === MEANING && c.code === 'normal'),
  );
  const candidates = normal.length > 0 ? normal : ranges;
  const verdicts = candidates.map((r) => ({ r, ok: applies(r, who, at) }));
  const fitting = verdicts.filter((v) => v.ok === true).sort((a, b) => specificity(b.r) - specificity(a.r));
  const best = fitting[0]?.r;
  if (best)
    return {
      low: best.low?.value,
      high: best.high?.value,
      ...(best.text !== undefined && { text: best.text }),
    };
  if (verdicts.some((v) => v.ok === undefined))
    return {
      text: candidates.map(labelled).join('；'),
      problem: 'reference range depends on sex or age, which the hospital did not give',
    };
  return { text: candidates.map(labelled).join('；'), problem: 'no reference range applies to this patient' };
}
