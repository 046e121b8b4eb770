import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SingleBar, Presets } from 'cli-progress';
import { ConfigError, loadConfig } from '../config';
import { Database } from '../db/database';
import { DataDirInUseError } from '../db/lock';
import { IMPORT_PROGRAM, wasmCompilerProblem } from '../db/pglite';
import { decodeUtf8, HandedOverDocument, type ImportInput, type ImportReport, ImportService } from '../import/import.service';
import { fetchStatbankDocument } from '../import/ssb/ssb-import';
import { formatDiagnostic, ImportError } from '../import/types';
import { createLogger } from '../logger';
import { collectGarbage } from '../memory';
import { loadReferenceData } from '../modules/geography/reference-data';
import { loadTaxonomy } from '../modules/taxonomy/taxonomy.seed';
import { buildImportCommand, type ImportOptions, type ImportRequest, resolveImportRequest, UsageError } from './import-args';

/** Above this many figures the import shows a progress bar (on a terminal). */
const PROGRESS_THRESHOLD = 500;
/** From this many characters (or bytes) a document counts as large: the command then collects garbage between its steps. */
const LARGE_DOCUMENT = 1 << 20;
/** A large file can raise thousands of warnings; a terminal shows the first ones. */
const WARNINGS_SHOWN = 50;

const program = buildImportCommand();

async function main(): Promise<void> {
  program.parse();
  let request: ImportRequest;
  try {
    request = resolveImportRequest(program.args, program.opts<ImportOptions>());
  } catch (error) {
    if (error instanceof UsageError) return fail(`error: ${error.message}\n(see npm run import -- --help)`);
    throw error;
  }
  const { options } = request;
  const config = loadConfig();
  // Before anything is fetched or read: a setting this process cannot have stops it at once.
  const compiler = config.DATABASE_URL ? null : wasmCompilerProblem(config.EMBEDDED_WASM_COMPILER, IMPORT_PROGRAM);
  if (compiler?.level === 'error') return fail(compiler.message);
  const mappingFile = options.mapping;
  const mapping = mappingFile ? { text: readText(mappingFile, 'the mapping file'), fileName: mappingFile } : undefined;

  let input: ImportInput;
  if (request.kind === 'ssb') {
    let fetched: ImportInput & { document: string };
    // Fetched before the database is opened, so that an offline machine fails at once.
    try {
      fetched = await fetchStatbankDocument(
        {
          table: request.table,
          queryText: readText(request.queryFile, 'the query file'),
          queryFileName: request.queryFile,
          mapping,
          dryRun: options.dryRun,
        },
        { baseUrl: config.SSB_API_URL },
      );
    } catch (error) {
      if (error instanceof ImportError) return refused(error);
      throw error;
    }
    input = fetched;
    console.log(`Fetched ${fetched.url}`);
    if (options.save) {
      try {
        writeFileSync(options.save, fetched.document);
      } catch (error) {
        return fail(`${options.save}: cannot write the answer (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
      console.log(`Saved the answer as received to ${options.save}`);
    }
  } else {
    const file = request.file;
    // Handed over, with no reference kept here: the import lets go of the text once it is stored.
    let document: HandedOverDocument;
    try {
      document = new HandedOverDocument(readDocument(file));
    } catch (error) {
      if (error instanceof ImportError) return refused(error);
      throw error;
    }
    input = {
      document,
      fileName: path.basename(file),
      format: options.format,
      mapping: mapping?.text,
      mappingFileName: options.mapping,
      dryRun: options.dryRun,
      allowRemovals: options.allowRemovals,
      area: options.office ? { kind: 'office', code: options.office } : options.municipality ? { kind: 'municipality', code: options.municipality } : undefined,
      title: options.title,
      publisher: options.publisher,
      reportYear: options.year,
      url: options.url,
    };
  }

  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  if (compiler) logger.warn(compiler.message);
  const db = await Database.open({
    url: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    dataDir: config.DATA_DIR,
    wasmCompiler: config.EMBEDDED_WASM_COMPILER,
    logger,
  });
  try {
    await db.migrate();
    // Imports resolve offices, municipalities and indicators: make sure they are there.
    await loadReferenceData(db);
    await loadTaxonomy(db, undefined, { logger });
    // The import service alone, not the hub's services: the command loads no more than it runs.
    const imports = new ImportService(db, Number.POSITIVE_INFINITY);
    // For a large document, what opening and checking the database allocated is let go before the
    // file is read, what reading it allocated before the rows are written, and what writing them
    // left (the CSV's blobs, pg's buffers) before PostgreSQL, in this process on the embedded
    // database, takes its memory for refreshing derived and current figures: V8 would otherwise
    // carry the garbage of one step into the next and size its heap by it. Each collection costs
    // 0.1–0.4 s (src/memory.ts), which a report of a few figures would feel for nothing (README, Performance).
    const large = input.document.length >= LARGE_DOCUMENT;
    if (large) collectGarbage();
    const bar = process.stderr.isTTY ? new SingleBar({ format: 'importing |{bar}| {step} {value}/{total} figures', clearOnComplete: true }, Presets.shades_classic) : null;
    const started = performance.now();
    let total = 0;
    const report = await imports.run(input, (step, detail) => {
      if ((step === 'planned' || step === 'copied') && large) collectGarbage();
      if (!bar || (detail.figures ?? 0) < PROGRESS_THRESHOLD) return;
      // Three thirds: checking the figures read, copying them, refreshing what is derived from them.
      if (step === 'parsed') {
        total = (detail.figures ?? 0) * 3;
        bar.start(total, 0, { step: 'read' });
      } else if (step === 'planned') bar.update(total / 3, { step: 'checked' });
      else if (step === 'copied') bar.update((total / 3) * 2, { step: 'copied' });
      else {
        bar.update(bar.getTotal(), { step: 'written' });
        bar.stop();
      }
    });
    bar?.stop();
    printReport(report, (performance.now() - started) / 1000);
  } catch (error) {
    if (error instanceof ImportError) return refused(error);
    throw error;
  } finally {
    await db.close();
  }
}

/**
 * The file as text. No size limit here: MAX_UPLOAD_BYTES protects the hub from what clients send
 * over HTTP, while this command reads a file its user chose. The bytes are let go once decoded, so
 * that the command holds the document once (it is stored as received).
 */
function readDocument(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return fail(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return decodeUtf8(bytes, path.basename(file));
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fail(`${file}: cannot read ${what}`);
  }
}

function refused(error: ImportError): void {
  console.error(`Import refused; nothing was written:\n${error.diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join('\n')}`);
  process.exitCode = 1;
}

function printReport(report: ImportReport, seconds: number): void {
  // An unchanged document writes nothing, dry run or not: its counts are what was stored before.
  const verb = report.status === 'unchanged' ? 'stored before, nothing written' : report.dryRun ? 'would write' : 'wrote';
  console.log(`${report.source.publisher}: ${report.source.title} (${report.format}, version ${report.source.version})`);
  console.log(report.status === 'unchanged' ? 'Already imported: nothing changed.' : report.dryRun ? 'Dry run: nothing was written.' : `Status: ${report.status}`);
  console.table([
    { what: `observations (${verb})`, count: report.written.observations },
    { what: `targets (${verb})`, count: report.written.targets },
    { what: 'unmapped labels', count: report.plan.unmapped.length },
    { what: 'warnings', count: report.plan.warnings.length },
  ]);
  if (report.plan.unmapped.length) {
    console.log('Unmapped labels (kept with their values; map them with rawIndicatorMap):');
    console.table(report.plan.unmapped.map((u) => ({ label: u.label, values: u.values })));
  }
  if (report.plan.warnings.length) {
    console.log('Warnings (stored as quality flags):');
    for (const w of report.plan.warnings.slice(0, WARNINGS_SHOWN)) console.log(`  ${w.code}: ${formatDiagnostic(w)}`);
    const more = report.plan.warnings.length - WARNINGS_SHOWN;
    if (more > 0) console.log(`  and ${more} more (the import's report over the API lists them all)`);
  }
  console.log(`Done in ${seconds.toFixed(1)} s.`);
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirInUseError) fail(error.message);
  console.error(error);
  process.exit(1);
});
