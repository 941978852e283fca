/**
 * A lab (检验) or imaging (检查) report as a simulated hospital holds it, for assertions and for
 * the protocol renderers (FHIR, HIS XML); not a wire format. Values, units, ranges and flags are
 * kept as that hospital's LIS writes them, so the BFF meets the same variety real hospitals send.
 */
export type ReportCategory = 'lab' | 'imaging';
export const REPORT_CATEGORIES: readonly ReportCategory[] = ['lab', 'imaging'];

export interface LabResult {
  /** The hospital's own item code, e.g. GLU, TC, CREA. */
  code: string;
  /** The item name on the report, e.g. 葡萄糖. */
  name: string;
  loinc?: string;
  /** A number, or text as the LIS wrote it (`阴性`, `NaN`). */
  value: number | string;
  /** Decimals the hospital prints a number with. */
  decimals?: number;
  /** The unit as the hospital writes it (`μmol/L`, `10^9/L`); absent when the LIS left it empty. */
  unit?: string;
  /** The UCUM code of `unit`, where the hospital has one (FHIR `valueQuantity.code`). */
  ucum?: string;
  low?: number;
  high?: number;
  /** The reference range as printed, e.g. `3.9-6.1`, `<5.2`, `3.5～5.5`. */
  range?: string;
  /** The abnormal flag as written (`↑`, `H`, `N`, ``); absent when this hospital writes none. */
  flag?: string;
}

export interface ReportAttachment {
  contentType: string;
  title: string;
  data: Buffer;
}

export interface SimReport {
  /** The hospital's report number: FHIR `DiagnosticReport.id`, HIS 报告单号 BGDH. */
  id: string;
  hospitalId: string;
  /** The regional master patient index (EMPI) id of the person. */
  masterId: string;
  category: ReportCategory;
  /** The hospital's code for the panel or exam, e.g. SHQT, CT-CHEST. */
  code: string;
  /** 血常规, 肝功能, 胸部CT平扫 … */
  title: string;
  /** LOINC of the panel, where there is one. */
  loinc?: string;
  status: 'final' | 'amended' | 'preliminary';
  /** Specimen collected / exam done; ISO 8601 with +08:00. */
  effective: string;
  /** Released to the patient; ISO 8601 with +08:00. */
  issued: string;
  /** 开单科室 and 开单医生. */
  deptName: string;
  doctorName: string;
  /** 审核医生 (lab) or 报告医生 (imaging). */
  reviewer: string;
  /** Lab only: 血清, 全血 … */
  specimen?: string;
  results: LabResult[];
  /** Imaging only: CT, DR, MR, US. */
  modality?: string;
  bodySite?: string;
  /** 影像所见. */
  findings?: string;
  /** 诊断意见 / 检查结论. */
  conclusion?: string;
  attachment?: ReportAttachment;
  /** `seed`: generated for the person; `admin`: registered by a test. */
  source: 'seed' | 'admin';
}

/** A report as the admin API shows it: the attachment as its size, not its bytes. */
export function reportView(r: SimReport) {
  const { attachment, ...rest } = r;
  return attachment
    ? {
        ...rest,
        attachment: {
          contentType: attachment.contentType,
          title: attachment.title,
          size: attachment.data.length,
        },
      }
    : rest;
}
