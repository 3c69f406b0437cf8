/**
 * Graceful shutdown: once closing starts, requests already running finish, and new ones (arriving on
 * kept-alive connections) get 503 in the API's error format, so a load balancer retries them elsewhere.
 * Sessions and jobs live in the database, so an instance can stop at any time.
 */
import type { FastifyInstance } from 'fastify';

export function registerDraining(app: FastifyInstance) {
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!draining) return;
    reply.header('connection', 'close').header('retry-after', '5');
    return reply
      .status(503)
      .send({ error: { code: 'service_unavailable', message: 'Tandem is restarting. Please try again in a moment.' } });
  });
}
