import type { Context } from '../context';
import { ClientError } from './errors';

/**
 * The one convention for a code the hub does not know (CONVENTIONS.md, "Codes"):
 * - a lookup of one object by its code or id (`municipality`, `office`, `indicator`, `node`)
 *   answers null, as a front end expects of a lookup: "no such object" is an answer;
 * - every other argument that names a code (a list's filter, what a ranking, a comparison or a
 *   series is about) refuses the request with BAD_USER_INPUT, `extensions.argument` naming the
 *   argument and `extensions.value` the code(s) not known. An empty list therefore always means
 *   "known, but nothing matches", never "no such code".
 */
export type CodeKind = 'county' | 'municipality' | 'office' | 'indicator' | 'theme';

function quoted(codes: readonly string[]): string {
  return codes.map((code) => `"${code}"`).join(', ');
}

const MESSAGES: Record<CodeKind, (codes: readonly string[]) => string> = {
  county: (codes) => `No county has the number ${quoted(codes)}; list them with counties.`,
  municipality: (codes) => `No municipality has ever had the code ${quoted(codes)}.`,
  office: (codes) => `No office has the code ${quoted(codes)}; find codes with offices(...).`,
  indicator: (codes) => `Unknown indicator ${quoted(codes)}; list the codes with indicators(search: ...).`,
  theme: (codes) => `No theme has the code ${quoted(codes)}; list them with themes.`,
};

/** The refusal of an argument naming codes the hub does not know; `value` is the code, or the list of unknown codes of a list argument. */
export function unknownCode(kind: CodeKind, argument: string, codes: string | readonly string[]): ClientError {
  const list = typeof codes === 'string' ? [codes] : codes;
  return new ClientError(MESSAGES[kind](list), 'BAD_USER_INPUT', argument, typeof codes === 'string' ? codes : [...codes]);
}

export interface CodeFilter {
  kind: CodeKind;
  argument: string;
  code: string | null | undefined;
}

/**
 * Refuses a list's filters that name unknown codes. Called only when the list came back empty:
 * a filter that matched something names a known code, so the usual request costs nothing more.
 */
export async function checkFilterCodes(ctx: Context, filters: CodeFilter[]): Promise<void> {
  for (const { kind, argument, code } of filters) {
    if (code && !(await isKnown(ctx, kind, code))) throw unknownCode(kind, argument, code);
  }
}

async function isKnown(ctx: Context, kind: CodeKind, code: string): Promise<boolean> {
  switch (kind) {
    case 'county':
      return (await ctx.loaders.county.load(code)) !== null;
    case 'municipality':
      return (await ctx.services.geography.municipalityByCode(code)) !== null;
    case 'office':
      return (await ctx.services.geography.officeByCode(code)) !== null;
    case 'indicator':
      return (await ctx.loaders.indicatorByCode.load(code)) !== null;
    case 'theme':
      return (await ctx.loaders.theme.load(code)) !== null;
  }
}

/** Said in the description of every query that refuses unknown codes, so that the schema documents the convention. */
export const UNKNOWN_CODES_REFUSED =
  "A code it does not know, in any argument, is refused: BAD_USER_INPUT with `argument` and `value` in the error's extensions (an empty answer means known codes with nothing to show).";
