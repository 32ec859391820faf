// Hash routing: #/policy, #/versions?from=1&to=2, #/set-password?token=… The server only serves
// /console/ (one HTML page), so every route lives after the #.
import { useEffect, useState } from 'react';

export interface Route {
  path: string;
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  return { path: path.startsWith('/') ? path : `/${path}`, params: new URLSearchParams(query) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export function navigate(path: string, params?: Record<string, string>): void {
  const query = params ? new URLSearchParams(params).toString() : '';
  location.hash = `#${path}${query ? `?${query}` : ''}`;
}
