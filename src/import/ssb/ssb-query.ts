import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { ImportDiagnostic } from '../types';
import { firstLine, ImportError } from '../types';

/**
 * A query file: which Statbank table to fetch, which values of each variable, in which language,
 * and which JSON-stat mapping reads the answer. YAML or JSON (JSON is read as YAML), e.g.
 * reference/ssb/12210-kommuner.yaml; docs/national-data.md describes it.
 *
 *   table: "12210"
 *   lang: "no"
 *   mapping: ssb-12210.yaml            # a file in reference/mappings/
 *   selection:                         # variable code → value codes or selection expressions
 *     KOKkommuneregion0000: ["????"]
 *     ContentsCode: [KOSsosantkliente0000, KOSant18240000]
 *     Tid: ["from(2015)"]
 *   codelists:                         # optional: variable code → code list id
 *     KOKkommuneregion0000: agg_KOGkommuneregion000005402
 */
export interface StatbankQuery {
  table: string;
  lang: string;
  /** File name of the mapping in reference/mappings/, when the query names one. */
  mapping?: string;
  /** In the file's order, so that the request URL (the source's identity) is the same every time. */
  selection: Array<{ variable: string; values: string[] }>;
  codelists: Array<{ variable: string; codelist: string }>;
}

const TABLE_ID = /^[A-Za-z0-9_]{1,40}$/;
const VARIABLE_CODE = /^[A-Za-z0-9_-]{1,80}$/;
// Value codes and PxWebApi's selection expressions (`*`, `????`, `top(5)`, `from(2015)`, `[range(2015,2020)]`).
const VALUE = /^[^\s&#%"'<>\\]{1,200}$/;

const KEYS = ['table', 'lang', 'mapping', 'selection', 'codelists', 'note'] as const;

/** Reads and checks a query file; every problem is reported at once, with its line. */
export function parseStatbankQuery(text: string, fileName = 'query'): StatbankQuery {
  const counter = new LineCounter();
  // Failsafe keeps every scalar a string: table "04687" and municipality "0301" keep their zeros.
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter: counter, uniqueKeys: true });
  const problems: ImportDiagnostic[] = [];
  const problem = (node: unknown, path: string, message: string) => {
    const range = (node as YamlNode | undefined)?.range;
    problems.push({ code: 'INVALID_SSB_QUERY', message: `${path}: ${message}`, file: fileName, line: range ? counter.linePos(range[0]).line : undefined });
  };
  if (doc.errors.length > 0) {
    throw new ImportError(doc.errors.map((e) => ({ code: 'INVALID_SSB_QUERY', message: firstLine(e.message), file: fileName, line: e.linePos?.[0]?.line })));
  }
  const root = doc.contents;
  if (!isMap(root)) throw new ImportError([{ code: 'INVALID_SSB_QUERY', message: 'a query file is a mapping with table, selection and mapping (see docs/national-data.md)', file: fileName, line: 1 }]);
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '?';
    if (!(KEYS as readonly string[]).includes(key)) problem(pair.key, key, `unknown key (use ${KEYS.join(', ')})`);
  }

  const scalar = (parent: YAMLMap, key: string, pattern: RegExp, expects: string): string | undefined => {
    const node = parent.get(key, true);
    if (node === undefined || node === null) return undefined;
    if (!isScalar(node) || typeof node.value !== 'string' || !pattern.test(node.value.trim())) {
      problem(node, key, `must be ${expects}`);
      return undefined;
    }
    return node.value.trim();
  };

  const table = scalar(root, 'table', TABLE_ID, 'a table id such as "12210"');
  if (!root.has('table')) problem(root, 'table', 'is required, e.g. table: "12210"');
  const lang = scalar(root, 'lang', /^[a-z]{2}$/, 'a two-letter language code such as "no" or "en"') ?? 'no';
  const mappingText = scalar(root, 'mapping', /^(?:reference\/mappings\/)?[A-Za-z0-9_.-]+\.ya?ml$/, 'the file name of a mapping in reference/mappings/, such as ssb-12210.yaml');
  const mapping = mappingText?.replace(/^reference\/mappings\//, '');

  const selection: StatbankQuery['selection'] = [];
  const selectionNode = root.get('selection', true);
  if (!isMap(selectionNode) || selectionNode.items.length === 0) {
    problem(selectionNode ?? root, 'selection', 'is required: each variable of the table with the value codes to fetch, e.g. Tid: ["from(2015)"]');
  } else {
    for (const pair of selectionNode.items) {
      const variable = isScalar(pair.key) ? String(pair.key.value) : '';
      const path = `selection.${variable}`;
      if (!VARIABLE_CODE.test(variable)) {
        problem(pair.key, path, 'is not a variable code (letters, digits, _ and -)');
        continue;
      }
      const items = isSeq(pair.value) ? pair.value.items : [pair.value];
      const values: string[] = [];
      const seen = new Set<string>();
      for (const item of items) {
        const value = isScalar(item) && typeof item.value === 'string' ? item.value.trim() : '';
        if (!VALUE.test(value)) {
          problem(item ?? pair.key, path, `${JSON.stringify(value)} is not a value code or selection expression`);
          continue;
        }
        // The API answers a repeated code with HTTP 500 and an empty body; codes are not case-sensitive.
        if (seen.has(value.toLowerCase())) problem(item, path, `"${value}" is listed twice`);
        seen.add(value.toLowerCase());
        values.push(value);
      }
      if (items.length === 0) problem(pair.value ?? pair.key, path, 'lists no values');
      selection.push({ variable, values });
    }
  }

  const codelists: StatbankQuery['codelists'] = [];
  const codelistNode = root.get('codelists', true);
  if (codelistNode !== undefined && codelistNode !== null) {
    if (!isMap(codelistNode)) problem(codelistNode, 'codelists', 'must map variable codes to code list ids');
    else {
      for (const pair of codelistNode.items) {
        const variable = isScalar(pair.key) ? String(pair.key.value) : '';
        const codelist = isScalar(pair.value) && typeof pair.value.value === 'string' ? pair.value.value.trim() : '';
        if (!VARIABLE_CODE.test(variable) || !VARIABLE_CODE.test(codelist)) problem(pair.value ?? pair.key, `codelists.${variable}`, 'must be one code list id, such as agg_KommSummer');
        else if (!selection.some((s) => s.variable === variable)) problem(pair.key, `codelists.${variable}`, 'names a variable the selection does not select');
        else codelists.push({ variable, codelist });
      }
    }
  }

  if (problems.length > 0 || !table) throw new ImportError(problems);
  return { table, lang, mapping, selection, codelists };
}
