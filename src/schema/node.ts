import { Field, ID, InterfaceType } from 'type-graphql';

/** The object types that can be fetched by global id through `node(id)`. */
export type NodeTypeName = 'Municipality' | 'Office' | 'County' | 'Indicator' | 'Theme' | 'Source' | 'Observation' | 'RawIndicator';

@InterfaceType({ description: 'An object with a global id, fetchable through `node(id:)`.' })
export abstract class Node {
  @Field(() => ID, { description: 'Global id, opaque to clients; stable across releases.' })
  id: string;
}

export function toGlobalId(type: NodeTypeName, key: string | number): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

export function fromGlobalId(id: string): { type: NodeTypeName; key: string } | null {
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { type: decoded.slice(0, colon) as NodeTypeName, key: decoded.slice(colon + 1) };
}
