import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness.js';

describeEachDialect('health and API description', (ctx) => {
  it('reports status, the database in use and the version', async () => {
    const response = await ctx().app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: ctx().dialect, version: ctx().config.version });
  });

  it('serves OpenAPI 3 generated from the route schemas', async () => {
    const response = await ctx().app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(document.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.properties).toHaveProperty(
      'email',
    );
    for (const route of ctx().app.apiRoutes) {
      if (route.url === '/api/openapi.json') continue;
      const openApiPath = route.url.replace(/:(\w+)/g, '{$1}');
      expect(document.paths[openApiPath]?.[route.method.toLowerCase()], `${route.method} ${route.url}`).toBeDefined();
    }
  });

  it('answers unknown API routes with a 404 in the error format and sends security headers', async () => {
    const response = await ctx().app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
    const health = await ctx().app.inject({ method: 'GET', url: '/api/health' });
    expect(health.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  });
});
