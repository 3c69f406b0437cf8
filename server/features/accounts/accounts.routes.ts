import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';

export function registerAccountRoutes(_app: FastifyInstance, _deps: AppDeps) {}
