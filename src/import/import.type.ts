import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { QualityFlag } from '../schema/enums';
import { UserError } from '../schema/user-error';
import { RawIndicator } from '../modules/observations/observation.type';
import { Source } from '../modules/sources/source.type';

export enum ImportFormat {
  BODO_TABLE = 'bodo-table',
  KRISTIANSUND_MALEKORT = 'kristiansund-malekort',
  CURATOR_CSV = 'curator-csv',
  CURATOR_YAML = 'curator-yaml',
  JSONSTAT = 'jsonstat',
}
registerEnumType(ImportFormat, {
  name: 'ImportFormat',
  description: 'The layouts the importer reads; omit the format to have it detected.',
  valuesConfig: {
    BODO_TABLE: { description: 'A result table flattened to one cell per line, with figures in the prose (NAV Bodø).' },
    KRISTIANSUND_MALEKORT: { description: 'A målekort whose cells run together on one line (NAV Kristiansund).' },
    CURATOR_CSV: { description: 'The curator format as CSV: one row per figure (see docs/curator-format.md).' },
    CURATOR_YAML: { description: 'The curator format as YAML.' },
    JSONSTAT: { description: 'A JSON-stat 2.0 dataset (SSB Statbank, Oslo statistikkbank); needs a mapping.' },
  },
});

export enum ImportStatus {
  CREATED = 'created',
  NEW_VERSION = 'new_version',
  UNCHANGED = 'unchanged',
}
registerEnumType(ImportStatus, {
  name: 'ImportStatus',
  description: 'What an import did to its source.',
  valuesConfig: {
    CREATED: { description: 'A document the hub did not have.' },
    NEW_VERSION: { description: 'A changed version of a document; its figures supersede the earlier version\'s.' },
    UNCHANGED: { description: 'The same document was imported before; nothing was written.' },
  },
});

@InputType({ description: "A table to fetch from Statistics Norway's Statbank (PxWebApi v2) and import as a JSON-stat dataset." })
export class SsbTableInput {
  // Checked by the resolver, which names input.ssb.table: the error formatter shows no nested constraints.
  @Field({ description: 'The table id, e.g. "12210"; the query must be for the same table.' })
  table: string;

  @Field({ description: 'The query file\'s text (YAML or JSON): the selection per variable, the language and the mapping in reference/mappings/ (see docs/national-data.md and reference/ssb/).' })
  query: string;
}

@InputType({ description: 'A published document to import, or a Statbank table to fetch (`ssb`).' })
export class ScorecardImportInput {
  @Field(() => String, { nullable: true, description: 'The document as text (UTF-8): the report text, a curator CSV or YAML, or a JSON-stat dataset. Give either document or ssb.' })
  @IsOptional()
  document?: string;

  @Field(() => SsbTableInput, {
    nullable: true,
    description: "Fetch a table from Statistics Norway's API (SSB_API_URL) instead of sending a document; the source records the table, the request URL (which holds the query) and when it was fetched. Give either document or ssb.",
  })
  ssb?: SsbTableInput;

  @Field(() => String, { nullable: true, description: 'A file name for messages, e.g. "bodo-2018.txt".' })
  @IsOptional()
  @MaxLength(200)
  fileName?: string;

  @Field(() => ImportFormat, { nullable: true, description: 'The layout; detected from the text when omitted.' })
  format?: ImportFormat;

  @Field(() => String, { nullable: true, description: 'A mapping file (YAML) for formats that need one (JSON-stat): which dimension is time, geography, metric.' })
  @IsOptional()
  @MaxLength(200_000)
  mapping?: string;

  @Field({ defaultValue: false, description: 'Check everything, write nothing, and report what would be written.' })
  dryRun: boolean;

  @Field({ defaultValue: false, description: 'Let a new version of a document drop figures its previous version published; without it such an import is refused with the list of figures that would disappear.' })
  allowRemovals: boolean;

  @Field(() => String, { nullable: true, description: 'Code of the office the document reports on, e.g. "24837" (NAV Bodø).' })
  @IsOptional()
  @MaxLength(40)
  office?: string;

  @Field(() => String, { nullable: true, description: 'Code of the municipality the document reports on, where it is not one office.' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'municipality must be a four-digit municipality code such as "1804"' })
  municipality?: string;

  @Field(() => String, { nullable: true, description: 'Title as published, e.g. "Årsmelding 2018".' })
  @IsOptional()
  @MaxLength(300)
  title?: string;

  @Field(() => String, { nullable: true, description: 'Who published it, e.g. "Bodø kommune".' })
  @IsOptional()
  @MaxLength(300)
  publisher?: string;

  @Field(() => Int, { nullable: true, description: 'The year the report covers.' })
  @IsOptional()
  @Min(1990)
  @Max(2100)
  reportYear?: number;

  @Field(() => String, { nullable: true, description: 'Where the document is published; also identifies it across versions.' })
  @IsOptional()
  @MaxLength(2000)
  @Matches(/^https?:\/\//, { message: 'url must start with http:// or https://' })
  url?: string;
}

@ObjectType({ description: 'Something worth knowing about an import that did not stop it (e.g. quarterly and yearly figures that disagree).' })
export class ImportWarning {
  @Field({ description: 'Stable code, e.g. QUARTERLY_YEARLY_MISMATCH.' })
  code: string;

  @Field({ description: 'What was found.' })
  message: string;

  @Field(() => Int, { nullable: true, description: 'Line of the document.' })
  line?: number | null;

  @Field(() => String, { nullable: true, description: 'Cell of the document.' })
  cell?: string | null;
}

@ObjectType({ description: 'A label no mapping knows; its values are kept as an unmapped raw indicator until a curator maps it.' })
export class UnmappedLabel {
  @Field({ description: 'The label exactly as published.' })
  label: string;

  @Field(() => Int, { description: 'How many values were published under it.' })
  values: number;
}

@ObjectType({ description: 'One figure as the import read it.' })
export class ImportedFigure {
  @Field({ description: 'The label exactly as published.' })
  label: string;

  @Field(() => String, { nullable: true, description: 'The canonical indicator; null when unmapped.' })
  indicator: string | null;

  @Field({ description: 'Code of the office or municipality.' })
  area: string;

  @Field({ description: 'The period.' })
  period: string;

  @Field(() => Float, { nullable: true, description: "The value in the indicator's unit." })
  value: number | null;

  @Field(() => String, { nullable: true, description: 'The value as an exact decimal.' })
  exactValue: string | null;

  @Field(() => String, { nullable: true, description: 'The value exactly as published.' })
  valueText: string | null;

  @Field(() => String, { nullable: true, description: 'Unit of the value.' })
  unit: string | null;

  @Field(() => [QualityFlag], { description: 'Quality flags.' })
  flags: QualityFlag[];

  @Field({ description: 'The line or sentence it was read from.' })
  quote: string;

  @Field({ description: 'Where in the document.' })
  location: string;
}

@ObjectType({ description: 'The result of scorecardImport.' })
export class ScorecardImportPayload {
  @Field(() => ImportStatus, { nullable: true, description: 'What the import did; null when it failed.' })
  status: ImportStatus | null;

  @Field({ description: 'True when nothing was written because the import was a dry run.' })
  dryRun: boolean;

  @Field(() => String, { nullable: true, description: 'The format the document was read as.' })
  format: string | null;

  @Field(() => Source, { nullable: true, description: 'The source written (or found unchanged); null on a dry run or failure.' })
  source: Source | null;

  @Field(() => [ImportedFigure], { description: 'The figures read from the document (written unless a dry run).' })
  observations: ImportedFigure[];

  @Field(() => Int, { description: 'How many figures the document published (written now, or before for an unchanged document); figures the hub derived from them are not counted.' })
  observationsWritten: number;

  @Field(() => Int, { description: 'How many targets the source has.' })
  targetsWritten: number;

  @Field(() => [UnmappedLabel], { description: 'Labels no mapping knows, kept as unmapped raw indicators.' })
  unmappedLabels: UnmappedLabel[];

  @Field(() => [ImportWarning], { description: 'Findings that did not stop the import; also stored as quality flags.' })
  warnings: ImportWarning[];

  @Field(() => [UserError], { description: 'Why the import was refused; nothing was written when there are any.' })
  userErrors: UserError[];
}

export enum TransformationKind {
  IDENTITY = 'identity',
  PERCENT_TEXT = 'percent_text',
  SCALE = 'scale',
}
registerEnumType(TransformationKind, {
  name: 'TransformationKind',
  description: 'How published values become values of the canonical indicator.',
  valuesConfig: {
    IDENTITY: { description: 'The published number is the value.' },
    PERCENT_TEXT: { description: 'A percentage published as text ("32,4 %") is the number 32.4.' },
    SCALE: { description: 'Multiply by a factor (e.g. 4 for a yearly total from a quarterly average, -1 for an overspend).' },
  },
});

@InputType({ description: 'Maps a published label onto a canonical indicator.' })
export class RawIndicatorMapInput {
  @Field({ description: 'Global id of the raw indicator (from rawIndicators or an observation).' })
  rawIndicator: string;

  @Field({ description: 'Code of the canonical indicator, e.g. "staff.sick_leave_office_share".' })
  @MaxLength(100)
  indicator: string;

  @Field(() => TransformationKind, { defaultValue: TransformationKind.IDENTITY, description: 'How published values become indicator values.' })
  transformation: TransformationKind;

  @Field(() => String, { nullable: true, description: 'Exact decimal factor for SCALE, e.g. "4".' })
  @IsOptional()
  @Matches(/^-?\d+(\.\d+)?$/, { message: 'factor must be a decimal number such as "4" or "0.25"' })
  factor?: string;

  @Field(() => String, { nullable: true, description: 'Why the mapping holds, in words a reader of the data can check.' })
  @IsOptional()
  @MaxLength(1000)
  note?: string;

  @Field({ defaultValue: true, description: 'Also map every other unmapped label that reads the same, and remember the mapping for future imports.' })
  applyToSameLabel: boolean;
}

@ObjectType({ description: 'The result of rawIndicatorMap.' })
export class RawIndicatorMapPayload {
  @Field(() => RawIndicator, { nullable: true, description: 'The raw indicator, now mapped; null when refused.' })
  rawIndicator: RawIndicator | null;

  @Field(() => Int, { description: 'How many raw indicators were mapped (more than one with applyToSameLabel).' })
  rawIndicatorsMapped: number;

  @Field(() => Int, { description: 'How many published observations took the indicator, their values derived from the published ones (the sums and shares made from them are not counted).' })
  observationsUpdated: number;

  @Field(() => [UserError], { description: 'Why the mapping was refused; nothing was written when there are any.' })
  userErrors: UserError[];
}
