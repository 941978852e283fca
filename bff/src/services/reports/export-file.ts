import type { ReportExportFormat } from '@jiankang/shared';
import { AppError } from '../../lib/app-error';
import { ReportFontUnavailableError } from './export/cjk-font';
import { contentDisposition } from './export/content-disposition';
import { exportReport } from './export/export-report';
import type { ReportDeps } from './deps';
import { reportForExport } from './view-report';

export interface ExportFile {
  contentType: string;
  contentDisposition: string;
  body: Buffer;
}

const GENDER = { male: 'M', female: 'F', unknown: null } as const;

/**
 * `GET /reports/:reportId/export`: the report as the account may see it (404 otherwise, the
 * `export` access-log entry written), rendered as a PDF or a FHIR R4 Bundle.
 */
export async function exportFile(
  deps: ReportDeps,
  accountId: string,
  reportId: string,
  format: ReportExportFormat,
  now: Date = new Date(),
): Promise<ExportFile> {
  const { detail, patient } = await reportForExport(deps, accountId, reportId);
  try {
    const file = await exportReport(
      {
        detail,
        patient: {
          name: patient.name,
          gender: GENDER[patient.gender],
          birthDate: patient.birthDate ?? null,
          masterId: patient.masterId,
          idNumberMasked: patient.idNumberMasked,
        },
        hospitalName: detail.hospitalName,
        generatedAt: now,
      },
      format,
    );
    return {
      contentType: file.contentType,
      contentDisposition: contentDisposition(file.filename, file.title),
      body: file.body,
    };
  } catch (err) {
    // A machine without a CJK font cannot print Chinese: say so rather than send boxes.
    if (err instanceof ReportFontUnavailableError)
      throw new AppError('NOT_READY', 'PDF export is unavailable: no CJK font is installed on the server');
    throw err;
  }
}
