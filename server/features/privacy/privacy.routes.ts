import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { privacySettings, privacySettingsBody } from '../../../common/api/surveys.js';
import type { AppDeps } from '../../deps.js';
import { requireAuth } from '../../http/auth.js';
import { requireIfMatch, setEtag } from '../../http/etag.js';
import { actorOf } from '../../http/route-helpers.js';
import { getPrivacySettings, updatePrivacySettings } from './privacy.service.js';

export function registerPrivacyRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // Everyone may read the anonymity rules that protect their answers.
  r.get(
    '/api/settings/privacy',
    { config: { access: 'signed_in' }, schema: { tags: ['privacy'], response: { 200: privacySettings } } },
    async (request, reply) => {
      const settings = await getPrivacySettings(deps.database.db, requireAuth(request).organisation_id);
      setEtag(reply, settings.version);
      return settings;
    },
  );

  r.put(
    '/api/settings/privacy',
    {
      config: { access: 'privacy.manage' },
      schema: { tags: ['privacy'], body: privacySettingsBody, response: { 200: privacySettings } },
    },
    async (request, reply) => {
      const settings = await updatePrivacySettings(deps, actorOf(request), requireIfMatch(request), request.body);
      setEtag(reply, settings.version);
      return settings;
    },
  );
}
