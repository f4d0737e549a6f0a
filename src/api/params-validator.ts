// How the directory API checks what Fastify validates for it: path parameters, query strings and headers, against
// their TypeBox schemas (compiled once a route). Record bodies are checked by the import's rules instead
// (record-input.ts), which report every problem with its path rather than the first, so a body passes here as it is;
// its schema is there for the OpenAPI document.
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { AppError } from '../errors.ts';

export const paramsValidator: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  if (httpPart === 'body') return (value: unknown) => ({ value });
  const validator = Compile(schema);
  const where =
    httpPart === 'querystring' ? 'query' : httpPart === 'params' ? 'path' : (httpPart ?? 'request');
  return (value: unknown) => {
    if (validator.Check(value)) return { value };
    const [first] = validator.Errors(value);
    const field = first?.instancePath.replace(/^\//, '') ?? '';
    const message =
      first?.keyword === 'pattern' ? 'is not in the expected form' : (first?.message ?? 'is invalid');
    return { error: new AppError('bad_request', `${where} ${field} ${message}`.replace(/\s+/g, ' ')) };
  };
};
