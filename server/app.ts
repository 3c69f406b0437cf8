/**
 * buildApp(deps): the Fastify instance with its plugins and every feature's routes, registered explicitly.
 */
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppDeps } from './deps.js';
import { registerAccountRoutes } from './features/accounts/accounts.routes.js';
import { registerActionPlanRoutes } from './features/action-plans/action-plans.routes.js';
import { registerAnalyticsRoutes } from './features/analytics/analytics.routes.js';
import { registerAssetRoutes } from './features/assets/assets.routes.js';
import { registerAttachmentRoutes } from './features/attachments/attachments.routes.js';
import { registerAuditRoutes } from './features/audit/audit.routes.js';
import { registerAuthRoutes } from './features/auth/auth.routes.js';
import { registerHealthRoutes } from './features/health/health.routes.js';
import { registerOutboxRoutes } from './features/mail/outbox.routes.js';
import { registerNotificationRoutes } from './features/notifications/notifications.routes.js';
import { registerPeopleRoutes } from './features/people/people.routes.js';
import { registerPrivacyRoutes } from './features/privacy/privacy.routes.js';
import { registerProfileRoutes } from './features/profile/profile.routes.js';
import { registerReportRoutes } from './features/reports/reports.routes.js';
import { registerRequestTypeRoutes } from './features/request-types/request-types.routes.js';
import { registerRequestRoutes } from './features/requests/requests.routes.js';
import { registerSetupRoutes } from './features/setup/setup.routes.js';
import { registerSlaRoutes } from './features/sla/sla.routes.js';
import { registerMySurveyRoutes } from './features/surveys/my-surveys.routes.js';
import { registerSurveyRoutes } from './features/surveys/surveys.routes.js';
import { registerTeamRoutes } from './features/teams/teams.routes.js';
import { registerAuth } from './http/auth.js';
import { registerDraining } from './http/draining.js';
import { registerErrorHandling } from './http/errors.js';

export interface BuildAppOptions {
  /** Folder of the built web app; when absent the API runs alone (tests, `npm run dev`). */
  webRoot?: string | undefined;
  logger?: boolean;
}

export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { level: deps.config.logLevel } : false,
    bodyLimit: 1024 * 1024,
    // Behind a reverse proxy every peer is the proxy; TRUST_PROXY lets X-Forwarded-For name the client.
    trustProxy: deps.config.trustProxy,
    // Draining is answered by our own hook below, in the API's error format.
    return503OnClosing: false,
  });
  registerDraining(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  // CSV uploads arrive as text; everything else is JSON.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) =>
    done(null, body),
  );

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine writes its theme variables into a <style> element at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: deps.config.secureCookies,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Tandem API', version: deps.config.version },
    },
    transform: jsonSchemaTransform,
  });
  registerAuth(app, deps);

  registerHealthRoutes(app, deps);
  registerSetupRoutes(app, deps);
  registerAuthRoutes(app, deps);
  registerProfileRoutes(app, deps);
  registerPeopleRoutes(app, deps);
  registerTeamRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerRequestTypeRoutes(app, deps);
  registerRequestRoutes(app, deps);
  registerAttachmentRoutes(app, deps);
  registerAssetRoutes(app, deps);
  registerSlaRoutes(app, deps);
  registerPrivacyRoutes(app, deps);
  registerSurveyRoutes(app, deps);
  registerMySurveyRoutes(app, deps);
  registerAnalyticsRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerOutboxRoutes(app, deps);
  registerNotificationRoutes(app, deps);
  registerReportRoutes(app, deps);
  registerActionPlanRoutes(app, deps);

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  if (options.webRoot && fs.existsSync(path.join(options.webRoot, 'index.html'))) {
    await registerWebApp(app, options.webRoot);
  }
  return app;
}

/** Serves the built SPA; every non-API GET that is not a file gets index.html so client routes work. */
async function registerWebApp(app: FastifyInstance, webRoot: string) {
  await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false });
  const indexHtml = fs.readFileSync(path.join(webRoot, 'index.html'), 'utf8');
  // The answering page is its own small bundle without the SPA.
  const answerHtmlPath = path.join(webRoot, 'answer.html');
  const answerHtml = fs.existsSync(answerHtmlPath) ? fs.readFileSync(answerHtmlPath, 'utf8') : indexHtml;
  app.get('/*', async (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (url.startsWith('/api/')) {
      return reply.status(404).send({ error: { code: 'not_found', message: `No route for GET ${url}.` } });
    }
    const candidate = path.join(webRoot, path.normalize(url));
    if (candidate.startsWith(webRoot) && url !== '/' && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
      const cacheForever = url.startsWith('/assets/');
      if (cacheForever) reply.header('cache-control', 'public, max-age=31536000, immutable');
      return reply.sendFile(path.relative(webRoot, candidate));
    }
    const html = url.startsWith('/answer/') ? answerHtml : indexHtml;
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
  });
}
