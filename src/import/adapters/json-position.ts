import { createScanner, parse, type ParseError, SyntaxKind } from 'jsonc-parser';

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

/**
 * The line (from 1) of a key of the top-level object, or 1 when it has none. Read as JSON tokens,
 * not searched for as text: the same words may come earlier inside a label or a note, and a key
 * may be written with escapes. Reading stops at the key, before the values that follow it.
 */
export function topLevelKeyLine(text: string, key: string): number {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) depth++;
    else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) depth--;
    else if (depth === 1 && token === SyntaxKind.StringLiteral && scanner.getTokenValue() === key) {
      const line = scanner.getTokenStartLine() + 1;
      // A string of the top-level object followed by a colon is one of its keys, not a value.
      if (scanner.scan() === SyntaxKind.ColonToken) return line;
    }
  }
  return 1;
}
