import { z } from 'zod';
import { column } from '../../db/rows';
import { Direction, PeriodType, Unit } from '../../schema/enums';
import type { ExternalCode, Indicator, Theme } from './taxonomy.type';

// Rows of the taxonomy as statements read them (src/db/rows.ts), held to the GraphQL types they
// fill: a field added to a type and not here fails to compile.

const ExternalCodeRow = z.object({ system: z.string(), code: z.string(), note: z.string().nullish() }) satisfies z.ZodType<ExternalCode>;

/** An indicator's columns (INDICATOR_COLUMNS), or the same as JSON (INDICATOR_JSON). */
export const IndicatorRow = z.object({
  internalId: column.int,
  code: z.string(),
  nameNb: z.string(),
  nameEn: z.string(),
  description: z.string(),
  themeCode: z.string(),
  unit: z.enum(Unit),
  periodType: z.enum(PeriodType),
  direction: z.enum(Direction),
  population: z.string(),
  comparabilityNotes: z.string().nullable(),
  externalCodes: z.array(ExternalCodeRow),
  taxonomyVersion: z.string(),
}) satisfies z.ZodType<Omit<Indicator, 'id'>>;

export const ThemeRow = z.object({
  code: z.string(),
  nameNb: z.string(),
  nameEn: z.string(),
  description: z.string().nullable(),
  parentCode: z.string().nullable(),
}) satisfies z.ZodType<Omit<Theme, 'id'>>;
