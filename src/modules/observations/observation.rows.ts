import { z } from 'zod';
import { column } from '../../db/rows';
import { Comparator, ObservationKind, QualityFlag } from '../../schema/enums';
import type { Observation, RawIndicator, Target } from './observation.type';

// Rows of figures, targets and raw labels as statements read them (src/db/rows.ts), held to the
// GraphQL types they fill: a field added to a type and not here fails to compile.

const flags = z.array(z.enum(QualityFlag));

/** OBSERVATION_SELECT: a figure (its id, an int8, as text; its value exact) and what its citation needs. */
export const ObservationRow = z.object({
  internalId: column.bigint,
  rawIndicatorId: column.int,
  indicatorId: column.int.nullable(),
  sourceId: column.int,
  officeId: column.int.nullable(),
  municipalityId: column.int.nullable(),
  period: z.string(),
  periodText: z.string().nullable(),
  kind: z.enum(ObservationKind),
  exact: column.numeric.nullable(),
  valueText: z.string().nullable(),
  unit: z.string().nullable(),
  quote: z.string(),
  location: z.string().nullable(),
  flags,
  isCurrent: z.boolean(),
  footnote: z.string().nullable(),
  rawLabel: z.string(),
  publisher: z.string(),
  sourceTitle: z.string(),
  areaName: z.string(),
}) satisfies z.ZodType<Omit<Observation, 'id' | 'value' | 'exactValue' | 'citation'>>;
export type ObservationRow = z.infer<typeof ObservationRow>;

/** One figure of a unit, indicator and period, ranked among all figures for it (1 = the one the hub uses). */
export const RevisionRow = z.object({
  observationId: column.bigint,
  internalId: column.bigint,
  exact: column.numeric.nullable(),
  valueText: z.string().nullable(),
  sourceId: column.int,
  reportYear: column.int.nullable(),
  periodText: z.string().nullable(),
  flags,
  rank: column.count,
});
export type RevisionRow = z.infer<typeof RevisionRow>;

/** A target with its bounds exact as text; the API gives them as numbers. */
export const TargetRow = z.object({
  observationId: column.bigint,
  text: z.string(),
  comparator: z.enum(Comparator),
  lower: column.numeric.nullable(),
  upper: column.numeric.nullable(),
  unit: z.string().nullable(),
  bands: z.record(z.string(), z.string()).nullable(),
  met: z.boolean().nullable(),
}) satisfies z.ZodType<Omit<Target, 'lower' | 'upper'>>;

/** RAW_INDICATOR_COLUMNS: a label as a source published it, and its mapping. */
export const RawIndicatorRow = z.object({
  internalId: column.int,
  sourceId: column.int,
  indicatorId: column.int.nullable(),
  label: z.string(),
  unitText: z.string().nullable(),
  transformation: z.string().nullable(),
  transformationFactor: column.numeric.nullable(),
  transformationNote: z.string().nullable(),
  mappedBy: z.string().nullable(),
  definitionNote: z.string().nullable(),
}) satisfies z.ZodType<Omit<RawIndicator, 'id' | 'isMapped'>>;
