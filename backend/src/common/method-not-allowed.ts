import type { FastifyInstance } from 'fastify';

interface KnownRoute {
  pattern: RegExp;
  methods: Set<string>;
}

/**
 * The methods each path answers, collected as routes are registered, so a request with a method a
 * known path does not answer gets 405 with `Allow` (RFC 9110) instead of a 404 that says the path does
 * not exist.
 */
export class RouteTable {
  private readonly routes = new Map<string, KnownRoute>();

  register(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      let known = this.routes.get(route.url);
      if (!known) this.routes.set(route.url, (known = { pattern: patternOf(route.url), methods: new Set() }));
      for (const method of methods) known.methods.add(method.toUpperCase());
    });
  }

  /** The methods allowed on `path` (empty when no route matches it at all). */
  allowed(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.routes.values()) {
      if (route.pattern.test(path)) for (const method of route.methods) methods.add(method);
    }
    return [...methods].sort();
  }
}

/** A Fastify route path ("/api/patients/:id") as a case-insensitive, trailing-slash-tolerant pattern. */
function patternOf(url: string): RegExp {
  const escaped = url
    .replace(/\/+$/, '')
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}/?$`, 'i');
}
