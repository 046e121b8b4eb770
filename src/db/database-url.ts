/**
 * Reads a DATABASE_URL the way an operator writes it. The standard form percent-encodes
 * reserved characters in the password (`/` as %2F, `#` as %23), but a password straight from
 * `openssl rand -base64 24` holds `/` and `+` as they are, and a URL parser then takes the `/`
 * for the start of the path and fails with "Invalid URL". Such a password is still unambiguous
 * when the URL is read from its ends: the scheme before the first `://`, the host after the last
 * `@`, the user before the first `:` after the scheme. What lies between is the password, and
 * its reserved characters are encoded here before any parser sees them.
 */
export class DatabaseUrlError extends Error {
  override name = 'DatabaseUrlError';
}

const EXAMPLE = 'postgres://user:p%2Fss%23word@db.example:5432/malestokk';

/** The URL with its user name and password percent-encoded, as pg and TypeORM read it. */
export function normaliseDatabaseUrl(raw: string): string {
  const scheme = /^(postgres(?:ql)?):\/\//i.exec(raw);
  if (!scheme) throw new DatabaseUrlError(`must be a PostgreSQL URL such as ${EXAMPLE}`);
  const rest = raw.slice(scheme[0].length);
  const at = rest.lastIndexOf('@');
  const credentials = at >= 0 ? rest.slice(0, at) : null;
  const location = at >= 0 ? rest.slice(at + 1) : rest;
  if (!/^[^/?#\s]+(\/[^?#\s]*)?(\?[^#\s]*)?$/.test(location)) {
    throw new DatabaseUrlError(`the part after the credentials ("${location}") must be host:port/database; percent-encode reserved characters of the password, e.g. ${EXAMPLE}`);
  }
  let userInfo = '';
  if (credentials !== null) {
    const colon = credentials.indexOf(':');
    const user = colon >= 0 ? credentials.slice(0, colon) : credentials;
    const password = colon >= 0 ? credentials.slice(colon + 1) : null;
    userInfo = `${encodePart(user, 'user name')}${password === null ? '' : `:${encodePart(password, 'password')}`}@`;
  }
  const url = `${scheme[1]}://${userInfo}${location}`;
  try {
    new URL(url);
  } catch {
    throw new DatabaseUrlError(`is not a valid URL even with its password encoded; write it as ${EXAMPLE}`);
  }
  return url;
}

/**
 * A part already percent-encoded stays as it is; raw reserved characters are encoded. A `%` that
 * does not start an escape cannot be told from one that does, so the operator must encode it.
 */
function encodePart(part: string, what: string): string {
  if (/%(?![0-9a-f]{2})/i.test(part)) {
    throw new DatabaseUrlError(`the ${what} holds a "%" that is not a percent escape; percent-encode the ${what} (% as %25, / as %2F, # as %23), e.g. ${EXAMPLE}`);
  }
  // Everything but unreserved characters, sub-delimiters and escapes is encoded; `+` and `=`
  // (base64) are sub-delimiters and reach the server unchanged.
  return part.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=%]/g, (c) => encodeURIComponent(c));
}

/** The URL without its password, for messages and logs. */
export function redactDatabaseUrl(raw: string): string {
  const scheme = /^[a-z]+:\/\//i.exec(raw)?.[0] ?? '';
  const rest = raw.slice(scheme.length);
  const at = rest.lastIndexOf('@');
  if (at < 0) return raw;
  const credentials = rest.slice(0, at);
  const colon = credentials.indexOf(':');
  return colon < 0 ? raw : `${scheme}${credentials.slice(0, colon)}:***@${rest.slice(at + 1)}`;
}
