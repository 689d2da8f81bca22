import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, readForm, readJson } from '../../../functions/http/body';
import type { HttpRequest } from '../../../functions/http/types';
import { ValidationFailed } from '../../../shared/domain/errors';

const request = (contentType: string | undefined, body: string): HttpRequest => ({
  method: 'POST',
  path: '/api/profiles',
  query: {},
  params: {},
  cookies: {},
  headers: contentType === undefined ? {} : { 'content-type': contentType },
  body,
  requestId: 'req-1',
});

function rejection(read: () => unknown) {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailed);
    return (error as ValidationFailed).errors;
  }
  throw new Error('expected the body to be rejected');
}

describe('readJson', () => {
  it('parses JSON sent as application/json, with or without parameters or case', () => {
    expect(readJson(request('application/json', '{"a":1}'))).toEqual({ a: 1 });
    expect(readJson(request('Application/JSON; charset=utf-8', '[1]'))).toEqual([1]);
  });

  it.each([undefined, '', 'text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', 'multipart/form-data'])(
    'rejects the content type %j',
    (type) => {
      expect(rejection(() => readJson(request(type, '{}')))).toEqual([{ path: '', message: 'Send the body as application/json' }]);
    },
  );

  it('rejects malformed JSON as a validation error', () => {
    expect(rejection(() => readJson(request('application/json', '{"a":')))).toEqual([{ path: '', message: 'The request body is not valid JSON' }]);
  });

  it('accepts exactly 16 KiB and refuses one byte more, counting bytes not characters', () => {
    const at = `"${'a'.repeat(MAX_BODY_BYTES - 2)}"`;
    expect(readJson(request('application/json', at))).toHaveLength(MAX_BODY_BYTES - 2);
    expect(rejection(() => readJson(request('application/json', `${at} `)))[0]!.message).toMatch(/16 KiB or smaller/);
    // 'é' is two bytes in UTF-8: 8193 of them are 16 KiB + 2 bytes but fewer than 16 Ki characters.
    expect(rejection(() => readJson(request('application/json', `"${'é'.repeat(8193)}"`)))[0]!.message).toMatch(/16 KiB/);
  });
});

describe('readForm', () => {
  it('keeps every value of a repeated name (checkboxes), in order', () => {
    const form = readForm(request('application/x-www-form-urlencoded', 'skills=a&name=Priya+Shah&skills=b'));
    expect(form.get('skills')).toEqual(['a', 'b']);
    expect(form.get('name')).toEqual(['Priya Shah']);
  });

  it('rejects other content types and oversized bodies', () => {
    expect(rejection(() => readForm(request('application/json', 'a=1')))[0]!.message).toMatch(/x-www-form-urlencoded/);
    expect(rejection(() => readForm(request('application/x-www-form-urlencoded', `a=${'x'.repeat(MAX_BODY_BYTES)}`)))[0]!.message).toMatch(/16 KiB/);
  });
});
