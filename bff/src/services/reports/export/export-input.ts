import type { ReportDetail } from '@jiankang/shared';

/**
 * Everything one export needs, gathered by the route/service beforehand so the renderers stay
 * pure: the same input always gives the same document (apart from what `generatedAt` stamps).
 */
export interface ReportExportInput {
  detail: ReportDetail;
  patient: {
    /** Full name: the export is the resident's own document, unlike a list screen. */
    name: string;
    gender: 'M' | 'F' | null;
    /** YYYY-MM-DD. */
    birthDate: string | null;
    /** EMPI master id, the person key every hospital and the platform share. */
    masterId: string;
    idNumberMasked: string;
  };
  hospitalName: string;
  generatedAt: Date;
}

export const TYPE_LABEL = { lab: '检验', imaging: '检查' } as const;
export const GENDER_LABEL = { M: '男', F: '女' } as const;
