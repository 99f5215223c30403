/**
 * Matches request paths against Functions route templates as the Functions host does (it uses ASP.NET Core routing,
 * with the route prefix as the template's first literal): literals case-insensitive, `{name}`, optional `{name?}`,
 * catch-all `{*name}`, and constrained `{name:int}` / `{name:alpha}` / `{name:guid}` / `{name:bool}` parameters.
 */
type Segment =
  | { kind: 'literal'; text: string }
  | { kind: 'parameter'; name: string; optional: boolean; catchAll: boolean; constraint?: string };

export interface RouteTemplate {
  template: string;
  match(path: string): Record<string, string> | undefined;
}

const constraints: Record<string, RegExp> = {
  int: /^-?\d+$/,
  alpha: /^[a-z]+$/i,
  guid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  bool: /^(true|false)$/i,
};

function parseSegment(raw: string): Segment {
  const parameter = /^\{(\*)?([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?(\?)?\}$/.exec(raw);
  if (!parameter) return { kind: 'literal', text: raw.toLowerCase() };
  const [, star, name = '', constraint, question] = parameter;
  return { kind: 'parameter', name, optional: Boolean(question), catchAll: Boolean(star), constraint };
}

const splitTemplate = (template: string): string[] => template.split('/').filter((segment) => segment.length > 0);

/**
 * The segments of a request path as ASP.NET Core routing reads them (its PathTokenizer): one trailing slash is
 * ignored, but an empty segment in between (`/api//cases`) is kept, and it matches no literal and no required parameter.
 */
function pathSegments(path: string): string[] {
  const withoutLeading = path.startsWith('/') ? path.slice(1) : path;
  const trimmed = withoutLeading.endsWith('/') ? withoutLeading.slice(0, -1) : withoutLeading;
  return path === '' || path === '/' ? [] : trimmed.split('/');
}

/** Decodes one path segment; malformed %-encoding yields undefined, which matches no route, instead of a URIError. */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Compiles a Functions route template; `match` returns the decoded parameters, or undefined when the path does not fit. */
export function routeTemplate(template: string): RouteTemplate {
  const segments = splitTemplate(template).map(parseSegment);
  return {
    template,
    match(path) {
      const parts = pathSegments(path);
      const params: Record<string, string> = {};
      for (let index = 0; index < segments.length; index += 1) {
        const segment = segments[index] as Segment;
        const part = parts[index];
        if (segment.kind === 'literal') {
          // Kestrel decodes the path before routing, so /api/cas%65s is /api/cases.
          if (part === undefined || decodeSegment(part)?.toLowerCase() !== segment.text) return undefined;
          continue;
        }
        if (segment.catchAll) {
          const rest = parts.slice(index).map(decodeSegment);
          if (rest.some((part) => part === undefined)) return undefined;
          params[segment.name] = rest.join('/');
          return params;
        }
        if (part === undefined || part === '') {
          if (segment.optional) continue;
          return undefined;
        }
        const value = decodeSegment(part);
        if (value === undefined) return undefined;
        const rule = segment.constraint ? constraints[segment.constraint] : undefined;
        if (rule && !rule.test(value)) return undefined;
        params[segment.name] = value;
      }
      return parts.length <= segments.length ? params : undefined;
    },
  };
}
