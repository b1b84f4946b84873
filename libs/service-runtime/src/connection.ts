import type { Page } from '@ferry/contracts';
import { Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';

@Directive('@shareable')
@ObjectType({ description: 'Where a page of a connection ends.' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' })
  endCursor!: string | null;
}

/** The plain shape of a connection, as resolvers return it. */
export interface ConnectionShape<T> {
  edges: Array<{ node: T; cursor: string }>;
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Makes the `<Name>Connection` and `<Name>Edge` types of a cursor-paginated list (with `nodes` for brevity). */
export function connectionTypes<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => node)
    node!: T;

    @Field()
    cursor!: string;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class Connection implements ConnectionShape<T> {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => [node], { description: 'The nodes of `edges`, for clients that need no cursors.' })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many items the whole list holds.' })
    totalCount!: number;
  }

  return { Connection, Edge };
}

/** Turns a store's page into a connection, mapping each item to its GraphQL shape. */
export function toConnection<T, U>(page: Page<T>, map: (item: T) => U): ConnectionShape<U> {
  const nodes = page.items.map(map);
  return {
    edges: nodes.map((node, i) => ({ node, cursor: page.cursors[i] ?? '' })),
    nodes,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.cursors.at(-1) ?? null },
    totalCount: page.totalCount,
  };
}
