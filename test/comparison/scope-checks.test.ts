import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { checkOneArea, checkScope, names, type ScopeChecks } from '../../src/modules/comparison/comparison.shared';
import { ClientError } from '../../src/schema/errors';

/** Which scope argument a refusal names, in the order a client fixes them, and how many names a warning lists. */

const none: ScopeChecks = { unknown_offices: null, unknown_municipalities: null, unknown_county: false, unknown_municipality: false, unknown_peer: false };

function refusal(fn: () => void): ClientError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ClientError);
    return error as ClientError;
  }
  throw new Error('accepted');
}

describe('scope checks', () => {
  it('passes a scope whose codes all exist', () => {
    expect(() => checkScope({ ...none, unknown_offices: [], unknown_municipalities: [] }, { county: '18' })).not.toThrow();
  });

  it.each([
    [{ unknown_county: true }, { county: '99' }, 'scope.county', '99'],
    [{ unknown_municipality: true }, { municipality: '9999' }, 'scope.municipality', '9999'],
    [{ unknown_offices: ['999999', '888888'] }, {}, 'scope.offices', ['999999', '888888']],
    [{ unknown_municipalities: ['9998'] }, {}, 'scope.municipalities', ['9998']],
    [{ unknown_peer: true }, { peerOf: '9997' }, 'scope.peerOf', '9997'],
    [{ unknown_kostra_group: true }, { kostraGroup: '16' }, 'scope.kostraGroup', '16'],
  ])('refuses %o naming its argument and code', (flags, scope, argument, code) => {
    const error = refusal(() => checkScope({ ...none, ...flags }, scope));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(JSON.stringify(error.extensions)).toContain(JSON.stringify(code));
  });

  it('names the county before the offices when both are unknown', () => {
    expect(refusal(() => checkScope({ ...none, unknown_county: true, unknown_offices: ['999999'] }, { county: '99' })).extensions.argument).toBe('scope.county');
  });

  it('wants exactly one of office and municipality', () => {
    expect(refusal(() => checkOneArea({})).message).toMatch(/^Give an office or a municipality \(one of them\)/);
    expect(refusal(() => checkOneArea({ office: '24837', municipality: '1804' })).extensions.argument).toBe('office');
    expect(() => checkOneArea({ municipality: '1804' })).not.toThrow();
  });
});

describe('names in a warning', () => {
  it('lists up to ten names whole, keeping a comma inside a name, and counts the rest', () => {
    expect(names(null)).toBe('');
    expect(names(['NAV Storfjorden, Norddal', 'NAV Bodø'])).toBe('NAV Storfjorden, Norddal, NAV Bodø');
    const twelve = Array.from({ length: 12 }, (_, i) => `Unit ${i + 1}`);
    expect(names(twelve.slice(0, 10))).toBe(twelve.slice(0, 10).join(', '));
    expect(names(twelve)).toBe(`${twelve.slice(0, 10).join(', ')} and 2 more`);
  });
});
