import { GraphQLError } from 'graphql';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { fromGlobalId } from '../schema/node';
import { UserFacingError } from '../schema/user-facing-error';
import type { UserError } from '../schema/user-error';
import type { QualityFlag } from '../schema/enums';
import {
  ImportStatus,
  RawIndicatorMapInput,
  RawIndicatorMapPayload,
  ScorecardImportInput,
  ScorecardImportPayload,
  SsbTableInput,
} from './import.type';
import type { ImportInput } from './import.service';
import { fetchStatbankDocument, type StatbankImportRequest, statbankSettings } from './ssb/ssb-import';
import { formatDiagnostic, ImportError } from './types';

/** Mutations change what every reader sees, so they need a curator's API key; reads stay public. */
function requireCurator(ctx: Context): string {
  if (!ctx.principal) {
    throw new GraphQLError('This mutation needs a curator API key: send it as "Authorization: Bearer <key>" or "X-Api-Key".', {
      extensions: { code: 'UNAUTHENTICATED' },
    });
  }
  return ctx.principal.name;
}

@Resolver()
export class ImportResolver {
  @Mutation(() => ScorecardImportPayload, {
    description: "Imports a published scorecard, or a table fetched from Statistics Norway's Statbank (input.ssb): reads it, maps its labels, checks it and writes it in one transaction. The same document twice changes nothing; a changed one becomes a new version. Needs a curator API key.",
  })
  async scorecardImport(
    @Arg('input', () => ScorecardImportInput, { description: 'The document and what it is about, or the Statbank table to fetch.' }) input: ScorecardImportInput,
    @Ctx() ctx: Context,
  ): Promise<ScorecardImportPayload> {
    const curator = requireCurator(ctx);
    const conflicts = inputConflicts(input);
    if (conflicts.length > 0) return refusedImport(conflicts);
    try {
      const document = input.ssb ? await fetchStatbankDocument(statbankRequest(input, input.ssb), statbankSettings()) : documentInput(input);
      const report = await ctx.services.imports.run(document);
      ctx.logger.info({ curator, status: report.status, dryRun: report.dryRun, observations: report.written.observations }, 'scorecard imported');
      const source = report.dryRun ? null : await ctx.loaders.source.load(report.source.id);
      return {
        status: report.status as ImportStatus,
        dryRun: report.dryRun,
        format: report.format,
        source,
        observations: Array.from(report.plan.observations, (o) => ({
          label: o.label,
          indicator: o.indicatorCode,
          area: `${o.area.kind} ${o.area.code}`,
          period: o.period,
          value: o.value === null ? null : Number(o.value),
          exactValue: o.value,
          valueText: o.valueText,
          unit: o.unit,
          flags: o.flags as QualityFlag[],
          quote: o.quote,
          location: o.location,
        })),
        observationsWritten: report.written.observations,
        targetsWritten: report.written.targets,
        unmappedLabels: report.plan.unmapped,
        warnings: report.plan.warnings.map((w) => ({ code: w.code, message: formatDiagnostic(w), line: w.line ?? null, cell: w.cell ?? null })),
        userErrors: [],
      };
    } catch (error) {
      if (error instanceof ImportError) {
        return refusedImport(error.diagnostics.map((d) => ({ field: input.ssb ? statbankErrorField(d.code, input) : ['input', 'document'], message: formatDiagnostic(d), code: d.code })));
      }
      throw error;
    }
  }

  @Mutation(() => RawIndicatorMapPayload, {
    description: 'Maps a published label onto a canonical indicator and derives its observations, and the sums and shares made from them, again. Needs a curator API key.',
  })
  async rawIndicatorMap(
    @Arg('input', () => RawIndicatorMapInput, { description: 'The label, the indicator and the transformation.' }) input: RawIndicatorMapInput,
    @Ctx() ctx: Context,
  ): Promise<RawIndicatorMapPayload> {
    const curator = requireCurator(ctx);
    const ref = fromGlobalId(input.rawIndicator);
    if (!ref || ref.type !== 'RawIndicator' || !/^\d{1,9}$/.test(ref.key)) {
      return { rawIndicator: null, rawIndicatorsMapped: 0, observationsUpdated: 0, userErrors: [{ field: ['input', 'rawIndicator'], message: 'not the id of a raw indicator', code: 'NOT_FOUND' }] };
    }
    try {
      const result = await ctx.services.rawIndicatorMapping.map({
        rawIndicatorId: Number(ref.key),
        indicatorCode: input.indicator,
        transformation: input.transformation,
        factor: input.factor ?? null,
        note: input.note ?? null,
        applyToSameLabel: input.applyToSameLabel,
        curator,
      });
      const [rawIndicator] = await ctx.services.observations.rawIndicatorsByIds([Number(ref.key)]);
      return { rawIndicator: rawIndicator ?? null, rawIndicatorsMapped: result.rawIndicators, observationsUpdated: result.observations, userErrors: [] };
    } catch (error) {
      if (error instanceof UserFacingError) {
        return { rawIndicator: null, rawIndicatorsMapped: 0, observationsUpdated: 0, userErrors: [{ field: error.field, message: error.message, code: error.code }] };
      }
      throw error;
    }
  }
}

function documentInput(input: ScorecardImportInput): ImportInput {
  return {
    document: input.document ?? '',
    fileName: input.fileName,
    format: input.format,
    mapping: input.mapping,
    mappingFileName: 'input.mapping',
    dryRun: input.dryRun,
    allowRemovals: input.allowRemovals,
    area: input.office ? { kind: 'office', code: input.office } : input.municipality ? { kind: 'municipality', code: input.municipality } : undefined,
    title: input.title,
    publisher: input.publisher,
    reportYear: input.reportYear,
    url: input.url,
  };
}

function statbankRequest(input: ScorecardImportInput, ssb: SsbTableInput): StatbankImportRequest {
  const mapping = input.mapping;
  return {
    table: ssb.table,
    queryText: ssb.query,
    queryFileName: 'input.ssb.query',
    mapping: mapping !== undefined && mapping !== null ? { text: mapping, fileName: 'input.mapping' } : undefined,
    dryRun: input.dryRun,
  };
}

/** Fields that only make sense for a sent document: a Statbank table says its own title, publisher and URL. */
const DOCUMENT_ONLY = ['fileName', 'format', 'office', 'municipality', 'title', 'publisher', 'reportYear', 'url'] as const;

/** Exactly one of document and ssb, and nothing that would be silently ignored beside ssb. */
function inputConflicts(input: ScorecardImportInput): UserError[] {
  const hasDocument = input.document !== undefined && input.document !== null;
  if (hasDocument && input.ssb) return [{ field: ['input', 'ssb'], message: 'give either document or ssb, not both', code: 'CONFLICTING_INPUT' }];
  if (!hasDocument && !input.ssb) {
    return [{ field: ['input', 'document'], message: 'give the document to import, or ssb: { table, query } to fetch a table from Statistics Norway', code: 'MISSING_INPUT' }];
  }
  if (!input.ssb) return [];
  if (!/^[A-Za-z0-9_]{1,40}$/.test(input.ssb.table)) return [{ field: ['input', 'ssb', 'table'], message: 'ssb.table must be a table id such as "12210"', code: 'INVALID_TABLE' }];
  return DOCUMENT_ONLY.filter((name) => input[name] !== undefined && input[name] !== null).map((name) => ({
    field: ['input', name],
    message: `${name} is not used with ssb: the source is the table as Statistics Norway publishes it, with the request URL`,
    code: 'CONFLICTING_INPUT',
  }));
}

/** Which part of the input a refused Statbank import points at. */
function statbankErrorField(code: string, input: ScorecardImportInput): string[] {
  if (code === 'INVALID_MAPPING' && input.mapping !== undefined && input.mapping !== null) return ['input', 'mapping'];
  if (['INVALID_SSB_QUERY', 'SSB_TABLE_MISMATCH', 'MAPPING_REQUIRED', 'MAPPING_NOT_FOUND', 'SSB_UNMAPPED_CODE'].includes(code)) return ['input', 'ssb', 'query'];
  return ['input', 'ssb'];
}

function refusedImport(userErrors: UserError[]): ScorecardImportPayload {
  return {
    status: null,
    dryRun: false,
    format: null,
    source: null,
    observations: [],
    observationsWritten: 0,
    targetsWritten: 0,
    unmappedLabels: [],
    warnings: [],
    userErrors,
  };
}
