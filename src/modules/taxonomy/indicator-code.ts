/**
 * The one rule for theme and indicator codes, shared by the taxonomy file, the import formats
 * (labels.yaml, curator files, JSON-stat mappings) and the API's arguments. A code the importer
 * accepted but the API refused could be stored and never asked for again, so there is one rule.
 *
 * A theme code is lower-case words joined by dots (`social_assistance`, `staff`); an indicator
 * code is its theme's code and at least one name after a dot (`social_assistance.recipients`).
 * The name after a theme may start with a digit (`kvp.6_months_after`), never with `_`: `a._b`
 * reads as a typing mistake, not as a code.
 */
export const THEME_CODE_PATTERN = /^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$/;
export const INDICATOR_CODE_PATTERN = /^[a-z][a-z0-9_]*(?:\.[a-z0-9][a-z0-9_]*)+$/;

/** An example to show in messages, one that exists in the taxonomy. */
export const INDICATOR_CODE_EXAMPLE = 'social_assistance.recipients_monthly_avg';

/** What a message says a valid indicator code looks like. */
export const INDICATOR_CODE_RULE = `<theme>.<name> in lower case (a-z, 0-9, _), like ${INDICATOR_CODE_EXAMPLE}`;

/** What a message says a valid theme code looks like. */
export const THEME_CODE_RULE = 'lower-case words (a-z, 0-9, _) joined by dots, like staff.sick_leave';

export function isIndicatorCode(text: string): boolean {
  return INDICATOR_CODE_PATTERN.test(text);
}

export function isThemeCode(text: string): boolean {
  return THEME_CODE_PATTERN.test(text);
}
