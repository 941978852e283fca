import type { AnalyteKey } from '@jiankang/shared/domain';
import { hashSeed } from '../lib/prng';

/**
 * How one hospital's LIS/RIS writes its reports. Real hospitals differ in exactly these ways,
 * and the BFF has to cope with each: conventional (mg/dL) or SI units, unit spellings (μ, µ,
 * u; 10^9, ×10^9, 10*9), range texts (`3.9-6.1`, `3.9～6.1`, `0-40`, `≤40`), flags written as
 * letters, arrows or not at all, and imaging findings as narrative, an Observation or a PDF.
 */
export interface ReportProfile {
  name: string;
  units: 'si' | 'conventional';
  /** The written spelling of each UCUM unit this hospital uses. */
  spelling: Readonly<Record<string, string>>;
  /** LOINC of each analyte in this hospital's units (FHIR hospitals only; a HIS codes locally). */
  loinc: Readonly<Partial<Record<AnalyteKey, string>>>;
  /** Writes a two-sided range; `index` varies the style within one report where a lab does. */
  between: (low: string, high: string, index: number) => string;
  upper: (high: string, inclusive: boolean) => string;
  lower: (low: string, inclusive: boolean) => string;
  /** `≤40` written as `0-40`, as many Chinese labs print enzyme ranges. */
  upperAsZeroTo: boolean;
  /** The flag column as written, or null when the hospital sends no flag at all. */
  flags: { H: string; L: string; N: string } | null;
  /** FHIR imaging: findings in the narrative or as an Observation; the PDF inline, by URL or none. */
  findings: 'narrative' | 'observation';
  pdf: 'inline' | 'url' | 'none';
}

const SI_LOINC: Readonly<Partial<Record<AnalyteKey, string>>> = {
  glucose: '14749-6',
  cholesterol: '14647-2',
  triglycerides: '14927-8',
  hdl: '14646-4',
  ldl: '22748-8',
  creatinine: '14682-9',
  'uric-acid': '14933-6',
  alt: '1742-6',
  ast: '1920-8',
  hemoglobin: '718-7',
  wbc: '6690-2',
  platelets: '777-3',
};

const CONVENTIONAL_LOINC: Readonly<Partial<Record<AnalyteKey, string>>> = {
  ...SI_LOINC,
  glucose: '2345-7',
  cholesterol: '2093-3',
  triglycerides: '2571-8',
  hdl: '2085-9',
  ldl: '2089-1',
  creatinine: '2160-0',
  'uric-acid': '3084-1',
};

const UCUM: Readonly<Record<string, string>> = {
  'mmol/L': 'mmol/L',
  'umol/L': 'umol/L',
  'g/L': 'g/L',
  '10*9/L': '10*9/L',
  'U/L': 'U/L',
};

const dash = (low: string, high: string) => `${low}-${high}`;
const strict = (sign: string, soft: string) => (bound: string, inclusive: boolean) =>
  `${inclusive ? soft : sign}${bound}`;

export const REPORT_PROFILES: Readonly<Record<string, ReportProfile>> = {
  // A FHIR server set up with a US-built LIS: mg/dL, g/dL, 10^3/µL; sends interpretation; PDFs inline.
  conventional: {
    name: 'conventional',
    units: 'conventional',
    spelling: { 'mg/dL': 'mg/dL', 'g/dL': 'g/dL', '10*3/uL': '10^3/µL', 'U/L': 'U/L' },
    loinc: CONVENTIONAL_LOINC,
    between: dash,
    upper: strict('<', '≤'),
    lower: strict('>', '≥'),
    upperAsZeroTo: false,
    flags: { H: 'H', L: 'L', N: 'N' },
    findings: 'narrative',
    pdf: 'inline',
  },
  // SI units with display spellings (µ as the micro sign); no interpretation, so no flags at all.
  'si-unflagged': {
    name: 'si-unflagged',
    units: 'si',
    spelling: { 'mmol/L': 'mmol/L', 'umol/L': 'µmol/L', 'g/L': 'g/L', '10*9/L': '10^9/L', 'U/L': 'U/L' },
    loinc: SI_LOINC,
    between: dash,
    upper: strict('<', '≤'),
    lower: strict('>', '≥'),
    upperAsZeroTo: false,
    flags: null,
    findings: 'narrative',
    pdf: 'none',
  },
  // SI units in UCUM spelling, glucose coded as whole blood; findings as an Observation, PDF by URL.
  'si-ucum': {
    name: 'si-ucum',
    units: 'si',
    spelling: UCUM,
    loinc: { ...SI_LOINC, glucose: '15074-8' },
    between: dash,
    upper: strict('<', '≤'),
    lower: strict('>', '≥'),
    upperAsZeroTo: false,
    flags: { H: 'H', L: 'L', N: 'N' },
    findings: 'observation',
    pdf: 'url',
  },
  // A legacy HIS in GBK: arrows, `0-40` for enzymes, only characters GBK can carry (μ is Greek mu).
  'his-arrows': {
    name: 'his-arrows',
    units: 'si',
    spelling: { 'mmol/L': 'mmol/L', 'umol/L': 'μmol/L', 'g/L': 'g/L', '10*9/L': '10^9/L', 'U/L': 'U/L' },
    loinc: {},
    between: dash,
    upper: strict('<', '≤'),
    lower: strict('>', '≥'),
    upperAsZeroTo: true,
    flags: { H: '↑', L: '↓', N: '' },
    findings: 'narrative',
    pdf: 'none',
  },
  // A HIS whose ranges were typed by hand: full-width tildes, spaces, lower-case units.
  'his-letters': {
    name: 'his-letters',
    units: 'si',
    spelling: { 'mmol/L': 'mmol/l', 'umol/L': 'umol/L', 'g/L': 'g/L', '10*9/L': '×10^9/L', 'U/L': 'U/L' },
    loinc: {},
    between: (low, high, index) => (index % 2 === 0 ? `${low}～${high}` : `${low} - ${high}`),
    upper: (high, inclusive) => (inclusive ? `≤${high}` : `< ${high}`),
    lower: (low, inclusive) => (inclusive ? `≥ ${low}` : `>${low}`),
    upperAsZeroTo: false,
    flags: { H: 'H', L: 'L', N: '' },
    findings: 'narrative',
    pdf: 'inline',
  },
};

/** The hospitals of config/hospitals.json that serve reports; any other id gets one by hash. */
const BY_HOSPITAL: Readonly<Record<string, string>> = {
  hzszxrmyy: 'conventional',
  hzsdyrmyy: 'si-unflagged',
  hzsdsrmyy: 'si-ucum',
  blxrmyy: 'his-arrows',
  hdxrmyy: 'his-letters',
};

export function reportProfile(hospitalId: string): ReportProfile {
  const names = Object.keys(REPORT_PROFILES);
  const name =
    BY_HOSPITAL[hospitalId] ?? (names[hashSeed(`${hospitalId}:report-profile`) % names.length] as string);
  return REPORT_PROFILES[name] as ReportProfile;
}
