import { z } from 'zod';

const Code = z.string().regex(/^[A-Za-z0-9-]{1,40}$/);
const Count = z
  .string()
  .regex(/^\d{1,4}$/)
  .transform(Number);
const Flag = z.enum(['0', '1']);

/** 1002 排班号源: one `<ROW>` per 分时段 period, pinyin-abbreviation field names, all text. */
export const ScheduleRow = z.object({
  PBID: z.string().min(1).max(80),
  HYID: z.string().regex(/^[A-Za-z0-9.-]{1,64}$/),
  KSDM: Code,
  KSMC: z.string().min(1),
  BZKSDM: z.string().regex(/^[0-9]{2}(\.[0-9]{2})?$/),
  YSDM: Code,
  YSXM: z.string().min(1),
  YSZC: z.string().optional(),
  PBRQ: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  SWXW: z.string().optional(),
  SJD: z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/),
  HS: Count,
  SYHS: Count,
  TZBZ: Flag,
  GHF: z.string().regex(/^\d{1,9}(\.\d{1,2})?$/),
  SFFH: Flag,
  FHSJ: z.string().optional(),
  BBH: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number)
    .optional(),
  GXSJ: z.string().optional(),
});
export type ScheduleRow = z.infer<typeof ScheduleRow>;

/** 返回代码: 0 success; -1 bad request; -2 bad parameter; -98 throttled; -99 system error. */
export const ResultCode = z
  .string()
  .regex(/^-?\d{1,6}$/)
  .transform(Number);

/** Business codes the HIS doc describes as transient (worth asking again later). */
export const TRANSIENT_CODES = new Set([-98, -99]);
