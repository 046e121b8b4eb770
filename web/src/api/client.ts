/**
 * Every request of the page is an automatic persisted query sent by GET: the URL carries only the
 * query's hash and its variables, so a browser or a proxy can cache the answer and revalidate it
 * with its ETag. A hub that does not know the hash yet (after a restart, or another hub behind
 * the same balancer) answers PERSISTED_QUERY_NOT_FOUND, and the query is sent once with its text.
 */

export interface PersistedQuery {
  name: string;
  query: string;
  hash: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

interface GraphqlResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

const NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND';

/** Answers already received in this page, by URL: going back to a view is instant. */
const answers = new Map<string, Promise<unknown>>();
const MAX_ANSWERS = 100;

export function graphqlUrl(doc: PersistedQuery, variables: object, withText: boolean): string {
  const params = new URLSearchParams();
  params.set('operationName', doc.name);
  params.set('variables', JSON.stringify(variables));
  params.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: doc.hash } }));
  if (withText) params.set('query', doc.query);
  return `/graphql?${params.toString()}`;
}

export function request<T>(doc: PersistedQuery, variables: object = {}, signal?: AbortSignal): Promise<T> {
  const key = graphqlUrl(doc, variables, false);
  const known = answers.get(key) as Promise<T> | undefined;
  if (known) return known;
  const answer = send<T>(doc, variables, signal);
  answers.set(key, answer);
  if (answers.size > MAX_ANSWERS) answers.delete(answers.keys().next().value as string);
  // A failed or aborted request is asked again next time.
  answer.catch(() => answers.delete(key));
  return answer;
}

async function send<T>(doc: PersistedQuery, variables: object, signal?: AbortSignal): Promise<T> {
  let body = await get<T>(graphqlUrl(doc, variables, false), doc.name, signal);
  if (body.errors?.some((e) => e.extensions?.code === NOT_FOUND || e.message === 'PersistedQueryNotFound')) {
    body = await get<T>(graphqlUrl(doc, variables, true), doc.name, signal);
  }
  const [first] = body.errors ?? [];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? null);
  if (!body.data) throw new ApiError('The hub answered without data.', null);
  return body.data;
}

async function get<T>(url: string, operation: string, signal?: AbortSignal): Promise<GraphqlResponse<T>> {
  const response = await fetch(url, {
    method: 'GET',
    // Apollo's CSRF prevention accepts a GET that names its operation in a header a form cannot set.
    headers: { accept: 'application/graphql-response+json, application/json', 'x-apollo-operation-name': operation },
    signal,
  });
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) throw new ApiError(`The hub answered ${response.status} ${response.statusText}.`, null);
  return (await response.json()) as GraphqlResponse<T>;
}
