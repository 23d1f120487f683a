// RFC 6750 §3 and RFC 9728 §5.1: the Bearer (or DPoP) challenge in a resource server's WWW-Authenticate.

/**
 * Every challenge in a WWW-Authenticate value (fetch joins several headers with ", "), as
 * { scheme, params } with lower-cased parameter names; RFC 9110 §11.6.1 syntax.
 */
export function parseWwwAuthenticate(value) {
  const challenges = [];
  let i = 0;
  const text = value ?? '';
  const skip = (chars) => {
    while (i < text.length && chars.includes(text[i])) i++;
  };
  const token = () => {
    const start = i;
    while (i < text.length && !' \t,="'.includes(text[i])) i++;
    return text.slice(start, i);
  };
  let current = null;
  while (i < text.length) {
    skip(' \t,');
    const start = i;
    const name = token();
    if (!name) {
      i++;
      continue;
    }
    skip(' \t');
    if (text[i] === '=' && current && !/^=+\s*(,|$)/.test(text.slice(i))) {
      // name=value: a parameter of the current challenge.
      i++;
      skip(' \t');
      let parameterValue;
      if (text[i] === '"') {
        parameterValue = '';
        for (i++; i < text.length && text[i] !== '"'; i++) {
          // RFC 9110 §5.6.4: a backslash quotes the next character.
          if (text[i] === '\\' && i + 1 < text.length) i++;
          parameterValue += text[i];
        }
        i++;
      } else {
        parameterValue = token();
      }
      const key = name.toLowerCase();
      if (!(key in current.params)) current.params[key] = parameterValue;
    } else if (text[i] === '=') {
      // token68 (e.g. "Negotiate abc=="), kept as is.
      while (i < text.length && text[i] === '=') i++;
      if (current) current.token68 = text.slice(start, i);
    } else {
      current = { scheme: name, params: {} };
      challenges.push(current);
    }
  }
  return challenges;
}

/**
 * The first Bearer or DPoP challenge of a 401 or 403 response, as
 * { scheme, error, errorDescription, scope, resourceMetadata } (resourceMetadata an http(s) URL string or null);
 * null when the response is no such challenge.
 */
export function bearerChallenge(response) {
  if (response.status !== 401 && response.status !== 403) return null;
  for (const challenge of parseWwwAuthenticate(response.headers.get('www-authenticate'))) {
    const scheme = challenge.scheme.toLowerCase();
    if (scheme !== 'bearer' && scheme !== 'dpop') continue;
    const p = challenge.params;
    return {
      scheme: challenge.scheme,
      error: p.error ?? null,
      errorDescription: p.error_description ?? null,
      scope: p.scope ?? null,
      resourceMetadata: webAddress(p.resource_metadata),
    };
  }
  return null;
}

/** An absolute http(s) URL string, or null. */
export function webAddress(text) {
  if (typeof text !== 'string') return null;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
