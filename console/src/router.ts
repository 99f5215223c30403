import { useEffect, useState } from 'preact/hooks';

/** Where the function app serves the console (functions/console.ts); Vite's `base`. */
export const consoleBase = '/console';

export type Route =
  | { page: 'home' }
  | { page: 'cases'; query: URLSearchParams }
  | { page: 'case'; id: string }
  | { page: 'dashboard' }
  | { page: 'agents' }
  | { page: 'keys' }
  | { page: 'offering' }
  | { page: 'triageRules' }
  | { page: 'notFound' };

/** The console page a URL shows. The URL holds everything a page shows, so a link to it can be shared. */
export function routeOf(pathname: string, search: string): Route {
  const path = pathname.startsWith(consoleBase) ? pathname.slice(consoleBase.length) : pathname;
  const parts = path.split('/').filter((part) => part !== '');
  if (parts.length === 0) return { page: 'home' };
  if (parts[0] === 'cases' && parts.length === 1) return { page: 'cases', query: new URLSearchParams(search) };
  if (parts[0] === 'cases' && parts.length === 2) return { page: 'case', id: decodeURIComponent(parts[1] as string) };
  if (parts[0] === 'dashboard' && parts.length === 1) return { page: 'dashboard' };
  if (parts[0] === 'admin' && parts.length === 2 && parts[1] === 'agents') return { page: 'agents' };
  if (parts[0] === 'admin' && parts.length === 2 && parts[1] === 'keys') return { page: 'keys' };
  if (parts[0] === 'admin' && parts.length === 2 && parts[1] === 'offering') return { page: 'offering' };
  if (parts[0] === 'admin' && parts.length === 2 && parts[1] === 'triage-rules') return { page: 'triageRules' };
  return { page: 'notFound' };
}

/** The console URL of a case list with these API query parameters. */
export const casesHref = (query: URLSearchParams | string): string => {
  const text = query.toString();
  return `${consoleBase}/cases${text ? `?${text}` : ''}`;
};

export const caseHref = (id: string): string => `${consoleBase}/cases/${encodeURIComponent(id)}`;

const listeners = new Set<() => void>();

/** Shows another console page without reloading (history.pushState), as a link of the console would. */
export function navigate(href: string, replace = false): void {
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  listeners.forEach((listener) => listener());
}

/** The current route, following links, navigate() and the browser's back and forward buttons. */
export function useRoute(): Route {
  const read = (): Route => routeOf(location.pathname, location.search);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = (): void => setRoute(read());
    listeners.add(update);
    addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

/**
 * A click on a console link: handled in the page unless the agent asked for a new tab or window (modifier keys,
 * middle button), which the browser then does itself.
 */
export function followLink(event: MouseEvent, href: string): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
    return;
  event.preventDefault();
  navigate(href);
}
