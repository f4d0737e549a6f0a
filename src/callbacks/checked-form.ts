// A compiled TypeBox check for the fields one operation needs, whose failure is a 400 naming the first bad field.
// Routes validate only what every request carries; each operation checks the rest with one of these.
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { AppError } from '../errors.ts';

/** `patternMessage` completes "FIELD …" when a pattern fails (TypeBox's own message would quote the regex). */
export function checked<S extends TSchema>(schema: S, patternMessage = 'must be a whole number') {
  const validator = Compile(schema);
  return (form: unknown): Static<S> => {
    if (validator.Check(form)) return form as Static<S>;
    const [first] = validator.Errors(form);
    const field = first?.instancePath.replace(/^\//, '') ?? '';
    const message = first?.keyword === 'pattern' ? patternMessage : (first?.message ?? 'is invalid');
    throw new AppError('bad_request', `${field === '' ? 'form' : field} ${message}`);
  };
}
