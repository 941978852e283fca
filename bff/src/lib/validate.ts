import type { z } from 'zod';
import { AppError, type FieldProblem } from './app-error';

type Where = 'query' | 'body' | 'params';

function problems(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] => {
    // A strict object reports unknown keys with an empty path; name each key instead.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...issue.path, key].join('.'),
        message: 'unknown parameter',
      }));
    }
    return [{ field: issue.path.join('.') || '(root)', message: issue.message }];
  });
}

/**
 * Parses request input with a shared contract schema. The parsed value (with defaults and
 * coercions applied) is what the service sees; anything else is a 400 naming the field.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where: Where): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = problems(result.error);
  const first = details[0] as FieldProblem;
  throw new AppError('VALIDATION_FAILED', `Invalid ${where} field '${first.field}': ${first.message}`, {
    field: first.field,
    details,
  });
}
