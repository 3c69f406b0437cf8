import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';

export function registerPeopleRoutes(_app: FastifyInstance, _deps: AppDeps) {}
