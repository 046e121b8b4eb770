import { parse, type ParseError } from 'jsonc-parser';

/**
 * Where JSON.parse gave up, as an offset into the text, or -1 when the text is valid JSON or the
 * place cannot be told. V8 names the position for some errors and not for others ("Unexpected
 * token '}', … is not valid JSON"); a line number is what a person fixing a large statistics file
 * needs, so the text is read again by a parser that reports where each error starts, with the
 * leniencies of JSON with comments (comments, trailing commas) switched off.
 */
export function jsonErrorOffset(text: string): number {
  const errors: ParseError[] = [];
  try {
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (error) {
    // Nesting deeper than the call stack: JSON.parse reads such a file, this parser cannot.
    if (error instanceof RangeError) return -1;
    throw error;
  }
  return errors.length ? Math.min(...errors.map((e) => e.offset)) : -1;
}
