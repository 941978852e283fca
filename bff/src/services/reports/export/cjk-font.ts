import { existsSync } from 'node:fs';

/**
 * pdfkit's built-in fonts are Latin-only: a report without a CJK font would print empty boxes
 * for every name and item. So we look for one at run time rather than ship a 20 MB font in git;
 * CI and the Debian images install fonts-noto-cjk (.ci/run).
 */
export interface CjkFont {
  path: string;
  /** The face inside a TrueType/OpenType collection (.ttc); undefined for a single-face file. */
  family?: string;
}

const CANDIDATES: readonly CjkFont[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
];

/**
 * Thrown when no CJK font exists. The export route maps it to 503 NOT_READY: the server is
 * missing a dependency, the request itself is fine and will succeed once the font is installed.
 */
export class ReportFontUnavailableError extends Error {
  constructor(tried: readonly string[]) {
    super(
      `no CJK font for report PDFs; install fonts-noto-cjk or set REPORT_PDF_FONT (tried ${tried.join(', ')})`,
    );
    this.name = 'ReportFontUnavailableError';
  }
}

/**
 * `REPORT_PDF_FONT` (as `path` or `path#Family`: a .ttc needs the face name) when set, and then
 * only it: an operator's explicit choice that is missing should fail loudly, not fall back to
 * another face. Otherwise the usual Debian paths. Checked per call: cheap, and a font installed
 * after start-up is picked up without a restart.
 */
export function findCjkFont(env: NodeJS.ProcessEnv = process.env): CjkFont {
  const configured = env.REPORT_PDF_FONT?.trim();
  let candidates = CANDIDATES;
  if (configured) {
    const [path = '', family] = configured.split('#');
    candidates = [family ? { path, family } : { path }];
  }
  const found = candidates.find((c) => existsSync(c.path));
  if (!found) throw new ReportFontUnavailableError(candidates.map((c) => c.path));
  return found;
}
