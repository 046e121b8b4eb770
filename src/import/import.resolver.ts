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
} from './import.type';
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
    description: 'Imports a published scorecard: reads it, maps its labels, checks it and writes it in one transaction. The same document twice changes nothing; a changed one becomes a new version. Needs a curator API key.',
  })
  async scorecardImport(
    @Arg('input', () => ScorecardImportInput, { description: 'The document and what it is about.' }) input: ScorecardImportInput,
    @Ctx() ctx: Context,
  ): Promise<ScorecardImportPayload> {
    const curator = requireCurator(ctx);
    const area = input.office ? { kind: 'office' as const, code: input.office } : input.municipality ? { kind: 'municipality' as const, code: input.municipality } : undefined;
    try {
      const report = await ctx.services.imports.run({
        document: input.document,
        fileName: input.fileName,
        format: input.format,
        mapping: input.mapping,
        mappingFileName: 'input.mapping',
        dryRun: input.dryRun,
        area,
        title: input.title,
        publisher: input.publisher,
        reportYear: input.reportYear,
        url: input.url,
      });
      ctx.logger.info({ curator, status: report.status, dryRun: report.dryRun, observations: report.written.observations }, 'scorecard imported');
      const source = report.dryRun ? null : await ctx.loaders.source.load(report.source.id);
      return {
        status: report.status as ImportStatus,
        dryRun: report.dryRun,
        format: report.format,
        source,
        observations: report.plan.observations.map((o) => ({
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
        return refusedImport(error.diagnostics.map((d) => ({ field: ['input', 'document'], message: formatDiagnostic(d), code: d.code })));
      }
      throw error;
    }
  }

  @Mutation(() => RawIndicatorMapPayload, {
    description: 'Maps a published label onto a canonical indicator and derives its observations. Needs a curator API key.',
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
