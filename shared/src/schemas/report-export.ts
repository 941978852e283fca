import { z } from 'zod';

/** The export formats of one report: the printable PDF and a FHIR R4 Bundle for other apps. */
export const ReportExportFormat = z.enum(['pdf', 'fhir']);
export type ReportExportFormat = z.infer<typeof ReportExportFormat>;

/** `GET /api/v1/reports/:reportId/export?format=`: strict, so a stray parameter is a 400 too. */
export const ReportExportQuery = z.object({ format: ReportExportFormat }).strict();
export type ReportExportQuery = z.infer<typeof ReportExportQuery>;
