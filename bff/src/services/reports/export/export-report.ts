import { beijingDate, type ReportExportFormat } from '@jiankang/shared';
import { asciiFilename } from './content-disposition';
import type { ReportExportInput } from './export-input';
import { toFhirBundle } from './report-fhir';
import { renderReportPdf } from './report-pdf';

export interface ReportExport {
  contentType: string;
  /** ASCII-safe; the Chinese name is `title` (see contentDisposition). */
  filename: string;
  /** `<report title>-<Beijing issue date>`, for the `filename*` the resident sees when saving. */
  title: string;
  body: Buffer;
}

/**
 * One report in the format asked for. Format checking belongs to the route (ReportExportQuery),
 * so here it is a type. May throw ReportFontUnavailableError (PDF only; the route maps it to 503).
 */
export async function exportReport(
  input: ReportExportInput,
  format: ReportExportFormat,
): Promise<ReportExport> {
  const { detail } = input;
  const base = asciiFilename(`report-${detail.id}`);
  const title = `${detail.title}-${beijingDate(detail.issuedAt)}`;
  if (format === 'pdf')
    return {
      contentType: 'application/pdf',
      filename: `${base}.pdf`,
      title,
      body: await renderReportPdf(input),
    };
  return {
    contentType: 'application/fhir+json; charset=utf-8',
    filename: `${base}.json`,
    title,
    body: Buffer.from(JSON.stringify(toFhirBundle(input), null, 2)),
  };
}
