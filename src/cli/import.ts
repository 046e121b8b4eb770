import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from '../config';
import { Database } from '../db/database';
import { DataDirInUseError } from '../db/lock';
import { adapters } from '../import/adapters';
import type { ImportReport } from '../import/import.service';
import { formatDiagnostic, ImportError } from '../import/types';
import { createLogger } from '../logger';
import { loadReferenceData } from '../modules/geography/reference-data';
import { loadTaxonomy } from '../modules/taxonomy/taxonomy.seed';
import { Services } from '../services';

/** Above this many figures the import shows a progress bar (on a terminal). */
const PROGRESS_THRESHOLD = 500;

const program = new Command()
  .name('npm run import --')
  .description('Import a published scorecard or statistics table into Målestokk.')
  .argument('<file>', 'the document: report text, curator CSV/YAML, or JSON-stat')
  .option('-f, --format <name>', `the layout (${adapters.map((a) => a.name).join(', ')}); detected when omitted`)
  .option('-m, --mapping <file>', 'mapping file (YAML) for JSON-stat datasets')
  .option('--office <code>', 'code of the office the document reports on, e.g. 24837 for NAV Bodø')
  .option('--municipality <code>', 'code of the municipality the document reports on')
  .option('--title <title>', 'title as published, e.g. "Årsmelding 2018"')
  .option('--publisher <name>', 'who published it, e.g. "Bodø kommune"')
  .option('--year <year>', 'the year the report covers', (v) => {
    if (!/^\d{4}$/.test(v)) throw new InvalidArgumentError('a four-digit year, e.g. 2018');
    return Number(v);
  })
  .option('--url <url>', 'where the document is published')
  .option('-n, --dry-run', 'check everything and report, write nothing')
  .showHelpAfterError();

async function main(): Promise<void> {
  program.parse();
  const options = program.opts<{ format?: string; mapping?: string; office?: string; municipality?: string; title?: string; publisher?: string; year?: number; url?: string; dryRun?: boolean }>();
  const [file] = program.args;
  const config = loadConfig();
  let bytes: Buffer;
  try {
    if (statSync(file).size > config.MAX_UPLOAD_BYTES) {
      fail(`${file}: the file is larger than MAX_UPLOAD_BYTES (${config.MAX_UPLOAD_BYTES} bytes)`);
    }
    bytes = readFileSync(file);
  } catch (error) {
    return fail(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const mapping = options.mapping ? readMapping(options.mapping) : undefined;

  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const db = await Database.open({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, dataDir: config.DATA_DIR, logger });
  try {
    await db.migrate();
    // Imports resolve offices, municipalities and indicators: make sure they are there.
    await loadReferenceData(db);
    await loadTaxonomy(db, undefined, { logger });
    const services = new Services(db, { maxUploadBytes: config.MAX_UPLOAD_BYTES });
    const bar = process.stderr.isTTY ? new SingleBar({ format: 'importing |{bar}| {step} {value}/{total} figures', clearOnComplete: true }, Presets.shades_classic) : null;
    const report = await services.imports.run(
      {
        document: bytes,
        fileName: path.basename(file),
        format: options.format,
        mapping,
        mappingFileName: options.mapping,
        dryRun: options.dryRun,
        area: options.office ? { kind: 'office', code: options.office } : options.municipality ? { kind: 'municipality', code: options.municipality } : undefined,
        title: options.title,
        publisher: options.publisher,
        reportYear: options.year,
        url: options.url,
      },
      (step, detail) => {
        if (!bar || (detail.figures ?? 0) < PROGRESS_THRESHOLD) return;
        if (step === 'parsed') bar.start((detail.figures ?? 0) * 2, 0, { step: 'read' });
        else bar.update(step === 'planned' ? detail.figures ?? 0 : bar.getTotal(), { step: step === 'planned' ? 'checked' : 'written' });
        if (step === 'written') bar.stop();
      },
    );
    bar?.stop();
    printReport(report);
  } catch (error) {
    if (error instanceof ImportError) {
      console.error(`Import refused; nothing was written:\n${error.diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join('\n')}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await db.close();
  }

  function readMapping(mappingFile: string): string {
    try {
      return readFileSync(mappingFile, 'utf8');
    } catch {
      return fail(`${mappingFile}: cannot read the mapping file`);
    }
  }
}

function printReport(report: ImportReport): void {
  const verb = report.dryRun ? 'would write' : 'wrote';
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
    for (const w of report.plan.warnings) console.log(`  ${w.code}: ${formatDiagnostic(w)}`);
  }
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
