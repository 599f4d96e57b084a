import { describe, expect, it } from 'vitest';
import { findRoute } from '../../../local/api-host';
import { matchPath, routes } from '../../../shared/wiring/definitions';

/** Every route, by the path API Gateway would match it to (parameters filled in). */
function samplePath(template: string): string {
  return template.replace(/\{[^}]+\+\}/g, 'a/b').replace(/\{[^}]+\}/g, 'x1');
}

describe('the local API host finds routes as API Gateway does', () => {
  it('answers each route for its own path, with its parameters', () => {
    for (const route of routes) {
      const method = route.method === 'ANY' ? 'GET' : route.method;
      const path = samplePath(route.path);
      const found = findRoute(method, path);
      expect(found, `${route.method} ${route.path}`).toBeDefined();
      // The most specific route wins: the one found must match the path too, and a literal path is its own.
      expect(matchPath(found?.route.path ?? '', path)).toBeDefined();
      if (!route.path.includes('{') && route.method !== 'ANY') expect(found?.route).toBe(route);
      expect({ ...found?.params }).toEqual({ ...matchPath(found?.route.path ?? '', path) });
    }
  });

  it('sends an unknown API path, or a method a path has no route for, to the catch-all', () => {
    expect(findRoute('GET', '/api/no-such-thing')?.route.path).toBe('/api/{proxy+}');
    expect(findRoute('DELETE', '/api/search/vacancies')?.route.path).toBe('/api/{proxy+}');
    expect(findRoute('GET', '/api/search/vacancies')?.route.path).toBe('/api/search/vacancies');
  });
});
