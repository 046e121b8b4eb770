import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { adapters } from '../import/adapters';

/** The command line of `npm run import --`, apart from running it, so that its rules can be tested. */

export interface ImportOptions {
  format?: string;
  mapping?: string;
  office?: string;
  municipality?: string;
  title?: string;
  publisher?: string;
  year?: number;
  url?: string;
  dryRun?: boolean;
  allowRemovals?: boolean;
  ssb?: string;
  query?: string;
  save?: string;
}

export type ImportRequest =
  | { kind: 'document'; file: string; options: ImportOptions }
  | { kind: 'ssb'; table: string; queryFile: string; options: ImportOptions };

/** A mistake in the arguments: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function buildImportCommand(): Command {
  return new Command()
    .name('npm run import --')
    .description("Import a published scorecard or statistics table into Målestokk, or fetch a table from Statistics Norway's Statbank.")
    .argument('[file]', 'the document: report text, curator CSV/YAML, or JSON-stat (not with --ssb)')
    .option('-f, --format <name>', `the layout (${adapters.map((a) => a.name).join(', ')}); detected when omitted`)
    .option('-m, --mapping <file>', 'mapping file (YAML) for JSON-stat datasets; with --ssb it replaces the mapping the query names')
    .option('--office <code>', 'code of the office the document reports on, e.g. 24837 for NAV Bodø')
    .option('--municipality <code>', 'code of the municipality the document reports on')
    .option('--title <title>', 'title as published, e.g. "Årsmelding 2018"')
    .option('--publisher <name>', 'who published it, e.g. "Bodø kommune"')
    .option('--year <year>', 'the year the report covers', (v) => {
      if (!/^\d{4}$/.test(v)) throw new InvalidArgumentError('a four-digit year, e.g. 2018');
      return Number(v);
    })
    .option('--url <url>', 'where the document is published')
    .option('--ssb <table>', "fetch this Statbank table from SSB's PxWebApi v2 (SSB_API_URL), e.g. 12210; needs --query", (v) => {
      if (!/^[A-Za-z0-9_]{1,40}$/.test(v)) throw new InvalidArgumentError('a table id such as 12210');
      return v;
    })
    .option('--query <file>', 'with --ssb: the query file (YAML or JSON) that selects what to fetch, e.g. reference/ssb/12210-kommuner.yaml')
    .option('--save <file>', 'with --ssb: also write the answer as received to this file, for importing it again offline')
    .option('-n, --dry-run', 'check everything and report, write nothing')
    .option('--allow-removals', 'let a new version of a document drop figures the version before published (refused otherwise, listing them)')
    .showHelpAfterError();
}

const DOCUMENT_ONLY: ReadonlyArray<[keyof ImportOptions, string]> = [
  ['format', '--format'],
  ['office', '--office'],
  ['municipality', '--municipality'],
  ['title', '--title'],
  ['publisher', '--publisher'],
  ['year', '--year'],
  ['url', '--url'],
];

/** Decides between importing a file and fetching a table; every contradiction is a UsageError. */
export function resolveImportRequest(args: readonly string[], options: ImportOptions): ImportRequest {
  const [file] = args;
  if (options.ssb !== undefined) {
    if (file !== undefined) throw new UsageError(`give either a file or --ssb <table>, not both (got "${file}" and --ssb ${options.ssb})`);
    if (!options.query) throw new UsageError('--ssb needs --query <file>, the query that selects what to fetch, e.g. --query reference/ssb/12210-kommuner.yaml');
    const unused = DOCUMENT_ONLY.filter(([key]) => options[key] !== undefined).map(([, flag]) => flag);
    if (unused.length > 0) {
      throw new UsageError(`${unused.join(', ')} cannot be used with --ssb: a Statbank table names its own title and publisher, and the request URL is its address`);
    }
    return { kind: 'ssb', table: options.ssb, queryFile: options.query, options };
  }
  if (options.query !== undefined) throw new UsageError('--query goes with --ssb <table>; to import a saved answer, give the file and --format jsonstat --mapping <file>');
  if (options.save !== undefined) throw new UsageError('--save goes with --ssb <table>: it keeps the answer fetched from Statistics Norway');
  if (file === undefined) throw new UsageError('give a file to import, or --ssb <table> --query <file> to fetch a table from Statistics Norway');
  return { kind: 'document', file, options };
}

/** Parses arguments without exiting or printing: for tests, and for callers that report errors their own way. */
export function parseImportArgs(argv: readonly string[]): ImportRequest {
  const program = buildImportCommand()
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) throw new UsageError(error.message.replace(/^error: /, ''));
    throw error;
  }
  return resolveImportRequest(program.args, program.opts<ImportOptions>());
}
