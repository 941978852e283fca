import { z } from 'zod';

const OperationOutcome = z.object({
  resourceType: z.literal('OperationOutcome'),
  issue: z
    .array(
      z.object({
        severity: z.string().optional(),
        code: z.string().optional(),
        diagnostics: z.string().optional(),
        details: z.object({ text: z.string().optional() }).optional(),
      }),
    )
    .default([]),
});

/** "error processing: …; warning …" from an OperationOutcome, or undefined for anything else. */
export function outcomeText(body: unknown): string | undefined {
  const parsed = OperationOutcome.safeParse(body);
  if (!parsed.success) return undefined;
  const parts = parsed.data.issue.map((i) =>
    [i.severity, i.code, i.details?.text ?? i.diagnostics].filter(Boolean).join(' '),
  );
  return parts.filter(Boolean).join('; ').slice(0, 300) || undefined;
}
