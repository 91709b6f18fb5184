import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_TAGS } from '../../src/app.js';
import { sharedProblemStatuses } from '../../src/http/schemas.js';
import { PROBLEM_CODES } from '../../src/problem-catalogue.js';
import { type TestApp, TEST_ORIGIN, setupApp } from '../helpers/app.js';

/**
 * The OpenAPI document as a client generator reads it, and against the problem catalogue. What
 * each route really answers is proven by the status walk (src/http/status-walk.ts), which every
 * test app runs.
 */

interface Operation {
  operationId?: string;
  tags?: string[];
  security?: Record<string, unknown>[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}
interface Document {
  info: { license?: { name: string; identifier?: string } };
  servers?: { url: string }[];
  tags?: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
}

/**
 * Codes no documented operation answers: Node's on the socket, before any route (client-errors.ts),
 * and @fastify/static's for the dashboard's files (hidden routes).
 */
const UNROUTED = new Set(['request_timeout', 'headers_too_large', 'precondition_failed', 'range_not_satisfiable']);

let t: TestApp;
let doc: Document;
let operations: { method: string; path: string; op: Operation; where: string }[];

beforeAll(async () => {
  t = await setupApp();
  await t.app.ready();
  doc = t.app.swagger() as unknown as Document;
  operations = Object.entries(doc.paths).flatMap(([p, byMethod]) =>
    Object.entries(byMethod).map(([method, op]) => ({ method: method.toUpperCase(), path: p, op, where: `${method.toUpperCase()} ${p}` })),
  );
});
afterAll(() => t.close());

describe('OpenAPI document', () => {
  it('given every operation, then it has a camelCase operationId no other operation has', () => {
    expect(operations.length).toBeGreaterThan(60);
    expect(operations.filter(({ op }) => !/^[a-z]+[A-Z][a-zA-Z0-9]*$|^[a-z]+$/.test(op.operationId ?? '')).map(({ where }) => where)).toEqual([]);
    const ids = operations.map(({ op }) => op.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('given every operation, then it carries exactly one tag, one of the features the document lists', () => {
    const tags = new Set(OPENAPI_TAGS.map(({ name }) => name));
    expect(doc.tags?.map(({ name }) => name)).toEqual([...tags]);
    expect(operations.filter(({ op }) => op.tags?.length !== 1 || !tags.has(op.tags[0] as string)).map(({ where }) => where)).toEqual([]);
    // every listed feature has operations
    expect([...tags].filter((tag) => !operations.some(({ op }) => op.tags?.[0] === tag))).toEqual([]);
  });

  it('names the origin as its server and declares the license of package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { license: string };
    expect(doc.servers?.map(({ url }) => url)).toEqual([TEST_ORIGIN]);
    expect(doc.info.license).toMatchObject({ identifier: pkg.license });
  });
});

describe('declared statuses against the problem catalogue', () => {
  const errorStatuses = (op: Operation) => Object.keys(op.responses).map(Number).filter((status) => status >= 400);

  it('given every operation, then it declares the statuses every route of its kind shares', () => {
    const missing = operations.flatMap(({ method, op, where }) =>
      sharedProblemStatuses(method, op.security)
        .filter((status) => !(String(status) in op.responses))
        .map((status) => `${where} ${status}`),
    );
    expect(missing).toEqual([]);
  });

  it('given every error status declared, then it is a problem+json some code of the catalogue is sent with', () => {
    const sent = new Set([...PROBLEM_CODES.values()].flatMap(({ statuses }) => statuses));
    const wrong = operations.flatMap(({ op, where }) =>
      errorStatuses(op)
        .filter((status) => !sent.has(status as never) || !JSON.stringify(op.responses[status]).includes('Problem'))
        .map((status) => `${where} ${status}`),
    );
    expect(wrong).toEqual([]);
  });

  it('given the Problem schema, then its code is one of the catalogue (a client generator gets the union)', () => {
    const problem = (doc as unknown as { components: { schemas: { Problem: { properties: { code: { enum: string[] } } } } } }).components.schemas.Problem;
    expect(problem.properties.code.enum).toEqual([...PROBLEM_CODES.keys()]);
  });

  it('given every code of the catalogue, then each of its statuses is declared by some operation', () => {
    const declared = new Set(operations.flatMap(({ op }) => errorStatuses(op)));
    const undeclared = [...PROBLEM_CODES]
      .filter(([code]) => !UNROUTED.has(code))
      .flatMap(([code, { statuses }]) => statuses.filter((status) => !declared.has(status)).map((status) => `${code} ${status}`));
    expect(undeclared).toEqual([]);
  });
});
