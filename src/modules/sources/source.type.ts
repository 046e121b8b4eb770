import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node, toGlobalId } from '../../schema/node';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A published document (an annual report, a statistics table), one version of it; every figure points back to one.' })
export class Source extends Node {
  internalId: number;
  officeId: number | null;
  municipalityId: number | null;
  supersededById: number | null;

  @Field({ description: 'Identifies the document across versions (its URL, or publisher, title and year).' })
  documentKey: string;

  @Field(() => Int, { description: 'Version of the document, 1 for the first one imported.' })
  version: number;

  @Field({ description: 'Title as published, e.g. "Årsmelding 2018".' })
  title: string;

  @Field({ description: 'Who published it, e.g. "Bodø kommune".' })
  publisher: string;

  @Field(() => Int, { nullable: true, description: 'The year the report covers.' })
  reportYear: number | null;

  @Field(() => String, { nullable: true, description: 'Where the document was published.' })
  url: string | null;

  @Field({ description: 'The import format it was read with, e.g. "bodo-table", "jsonstat".' })
  format: string;

  @Field({ description: 'SHA-256 of the document as imported; the same document is never imported twice.' })
  sha256: string;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the document was fetched from its publisher, where known.' })
  retrievedAt: Date | null;

  @Field(() => GraphQLDateTime, { description: 'When the hub imported this version.' })
  importedAt: Date;

  @Field({ description: 'True for the latest version of the document.' })
  isCurrent: boolean;

  @Field(() => String, { nullable: true, description: 'The terms the figures may be reused under, with the credit to give, e.g. "CC BY 4.0 (Kilde: Statistisk sentralbyrå)"; null where the import did not say.' })
  licence: string | null;

  @Field(() => String, { nullable: true, description: 'Where the document came from when not from the publisher directly, e.g. the extract a national series was taken from.' })
  provenance: string | null;

  static from(this: void, row: Omit<Source, 'id' | 'isCurrent'>): Source {
    const s = Object.assign(new Source(), row);
    s.id = toGlobalId('Source', row.sha256);
    s.isCurrent = row.supersededById === null;
    return s;
  }
}
