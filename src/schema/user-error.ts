import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: "A problem with a mutation's input that the client can fix; nothing was written." })
export class UserError {
  @Field(() => [String], { description: 'Path to the input field at fault, e.g. ["input", "document"].' })
  field: string[];

  @Field({ description: 'What is wrong and what to do about it.' })
  message: string;

  @Field(() => String, { nullable: true, description: 'Stable machine-readable code, e.g. UNKNOWN_INDICATOR.' })
  code?: string | null;
}
