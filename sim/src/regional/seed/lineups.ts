import type { DeptTemplateId } from './department-templates';

/**
 * Which departments a kind of hospital opens: `core` always, plus `pick` of `optional`
 * (chosen per hospital, stable across seeds). `branch` lists departments a second campus
 * usually opens (whether or not the main campus has it), and `doctors` is the per-department headcount range.
 */
export interface Lineup {
  core: readonly DeptTemplateId[];
  optional: readonly DeptTemplateId[];
  pick: readonly [min: number, max: number];
  branch: readonly DeptTemplateId[];
  doctors: readonly [min: number, max: number];
  /** Small places use the plain wording (内科, 口腔科), never 大内科 or 口腔医学中心. */
  plainNames?: boolean;
}

export const LINEUPS = {
  // A big 三甲 lists 15-25 departments counting the ones repeated at other campuses (capped in generate).
  'general-3a': {
    core: [
      'resp',
      'gi',
      'neuro',
      'cardio',
      'endo',
      'nephro',
      'gensurg',
      'neurosurg',
      'ortho',
      'uro',
      'gyn',
      'obs',
      'peds',
      'er',
    ],
    optional: [
      'eye',
      'ent',
      'dental',
      'tcm',
      'hemat',
      'geri',
      'thoracic',
      'neonatal',
      'derm',
      'infect',
      'onco',
      'rehab',
      'pain',
    ],
    pick: [5, 7],
    branch: ['cardio', 'resp', 'gi', 'ortho', 'peds', 'gyn', 'er'],
    doctors: [3, 8],
  },
  'general-3': {
    core: [
      'resp',
      'gi',
      'neuro',
      'cardio',
      'endo',
      'gensurg',
      'ortho',
      'uro',
      'obgyn',
      'peds',
      'eye',
      'ent',
      'dental',
      'er',
    ],
    optional: ['nephro', 'neurosurg', 'thoracic', 'derm', 'infect', 'onco', 'rehab', 'tcm', 'geri'],
    pick: [2, 4],
    branch: ['im', 'surg', 'obgyn', 'peds', 'er'],
    doctors: [3, 6],
  },
  'general-2': {
    core: ['resp', 'gi', 'cardio', 'gensurg', 'ortho', 'obgyn', 'peds', 'ent', 'dental', 'er'],
    optional: ['neuro', 'endo', 'uro', 'eye', 'derm', 'rehab', 'tcm', 'infect'],
    pick: [2, 4],
    branch: ['im', 'surg', 'peds', 'obgyn'],
    doctors: [2, 5],
  },
  'tcm-3a': {
    core: [
      'tcm-im',
      'acu',
      'tuina',
      'tcm-surg',
      'tcm-gyn',
      'tcm-peds',
      'tcm-ortho',
      'prevention',
      'cardio',
      'resp',
      'gi',
      'neuro',
      'endo',
      'rehab',
    ],
    optional: ['gensurg', 'ortho', 'gyn', 'peds', 'er', 'derm', 'integ', 'onco'],
    pick: [3, 5],
    branch: ['tcm-im', 'acu', 'tuina', 'peds'],
    doctors: [3, 7],
  },
  'tcm-2': {
    core: ['tcm-im', 'acu', 'tuina', 'tcm-ortho', 'tcm-gyn', 'tcm-peds', 'prevention', 'im', 'surg', 'er'],
    optional: ['integ', 'tcm-surg', 'rehab', 'peds', 'gyn', 'cardio'],
    pick: [1, 3],
    branch: ['tcm-im', 'acu'],
    doctors: [2, 5],
  },
  integrative: {
    core: [
      'integ',
      'tcm-im',
      'acu',
      'tuina',
      'cardio',
      'resp',
      'gi',
      'gensurg',
      'ortho',
      'gyn',
      'peds',
      'er',
    ],
    optional: ['rehab', 'endo', 'derm', 'prevention', 'tcm-ortho'],
    pick: [1, 3],
    branch: ['integ', 'acu'],
    doctors: [2, 5],
  },
  'mch-3a': {
    core: [
      'gyn',
      'obs',
      'repro',
      'womenhealth',
      'breast',
      'peds',
      'peds-resp',
      'peds-gi',
      'neonatal',
      'pedsurg',
      'childhealth',
      'peds-eye',
      'peds-dental',
      'peds-rehab',
    ],
    optional: ['ent', 'derm', 'tcm-peds', 'tcm-gyn'],
    pick: [1, 3],
    branch: ['gyn', 'obs', 'peds', 'childhealth'],
    doctors: [3, 7],
  },
  'mch-2': {
    core: ['gyn', 'obs', 'womenhealth', 'breast', 'peds', 'neonatal', 'childhealth', 'peds-rehab'],
    optional: ['repro', 'peds-dental', 'peds-eye', 'tcm-peds'],
    pick: [1, 2],
    branch: ['gyn', 'peds'],
    doctors: [2, 5],
  },
  psychiatric: {
    core: [
      'psych',
      'psych-child',
      'psych-geri',
      'sleep',
      'psych-clinic',
      'addiction',
      'neuro',
      'im',
      'rehab',
    ],
    optional: ['tcm', 'endo'],
    pick: [0, 1],
    branch: ['psych', 'psych-clinic'],
    doctors: [3, 6],
    plainNames: true,
  },
  community: {
    core: ['gp', 'im', 'gyn', 'peds', 'dental', 'tcm', 'rehab', 'childhealth'],
    optional: ['womenhealth', 'acu', 'surg'],
    pick: [0, 2],
    branch: ['gp'],
    doctors: [2, 3],
    plainNames: true,
  },
} satisfies Record<string, Lineup>;

export type LineupId = keyof typeof LINEUPS;

/** What an admin-added hospital gets when the body names no departments. */
export function defaultLineup(orgType: string, orgLevel: string): LineupId {
  const top = orgLevel.startsWith('三级');
  if (orgType === '中医医院') return top ? 'tcm-3a' : 'tcm-2';
  if (orgType === '中西医结合医院') return 'integrative';
  if (orgType === '妇幼保健院') return top ? 'mch-3a' : 'mch-2';
  if (orgLevel === '一级' || orgLevel === '未定级') return 'community';
  return top ? 'general-3' : 'general-2';
}
