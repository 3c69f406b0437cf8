import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  assetDetail,
  assetListQuery,
  assetPublishBody,
  assetReuse,
  assetReuseBody,
  assetSummary,
  assetTagCount,
  suggestionQuery,
  suggestions,
} from '../../../common/api/assets.js';
import { pageOf } from '../../../common/api/contracts.js';
import type { AppDeps } from '../../deps.js';
import { etagOf, setEtag } from '../../http/etag.js';
import { sendIdempotent } from '../../http/idempotency.js';
import { sendDownload, viewerOf } from '../attachments/attachments.routes.js';
import {
  downloadAssetFile,
  getAsset,
  listAssets,
  listAssetTags,
  publishAsset,
  recordReuse,
  suggestForText,
} from './assets.service.js';

const idParams = z.object({ id: z.uuid() });

export function registerAssetRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/assets',
    {
      config: { access: 'assets.read' },
      schema: {
        tags: ['assets'],
        description:
          'The library of the organisation: full-text search (q, each word as a prefix, best matches first), ' +
          'filters by tag and language, newest first without q.',
        querystring: assetListQuery,
        response: { 200: pageOf(assetSummary) },
      },
    },
    async (request) => listAssets(deps, viewerOf(request), request.query),
  );

  r.get(
    '/api/asset-tags',
    {
      config: { access: 'assets.read' },
      schema: { tags: ['assets'], description: 'Tags in use, most used first.', response: { 200: z.array(assetTagCount) } },
    },
    async (request) => listAssetTags(deps, viewerOf(request)),
  );

  r.post(
    '/api/assets',
    {
      config: { access: 'assets.publish' },
      schema: {
        tags: ['assets'],
        description:
          'Marketing publishes a link or a file (an attachment of the request, or an upload from POST /api/asset-files). ' +
          'With requestId the request must be delivered or closed (else 409 conflict).',
        body: assetPublishBody,
        response: { 201: assetDetail },
      },
    },
    async (request, reply) =>
      sendIdempotent(deps, request, reply, async () => {
        const created = await publishAsset(deps, viewerOf(request), request.body);
        return { statusCode: 201, body: created, etag: etagOf(created.version) };
      }),
  );

  r.get(
    '/api/assets/:id',
    {
      config: { access: 'assets.read' },
      schema: { tags: ['assets'], params: idParams, response: { 200: assetDetail } },
    },
    async (request, reply) => {
      const found = await getAsset(deps, viewerOf(request), request.params.id);
      setEtag(reply, found.version);
      return found;
    },
  );

  r.get(
    '/api/assets/:id/file',
    {
      config: { access: 'assets.read' },
      schema: { tags: ['assets'], description: 'The file of a file asset, as a download.', params: idParams },
    },
    async (request, reply) => sendDownload(reply, await downloadAssetFile(deps, viewerOf(request), request.params.id)),
  );

  r.post(
    '/api/assets/:id/reuses',
    {
      config: { access: 'assets.read' },
      schema: {
        tags: ['assets'],
        description:
          'Counts that the caller reused the asset ("I used this", opening its link or file, picking it as a suggestion). ' +
          'Each person counts once per asset; repeating the call changes nothing.',
        params: idParams,
        body: assetReuseBody,
        response: { 200: assetReuse },
      },
    },
    async (request) => recordReuse(deps, viewerOf(request), request.params.id, request.body.via),
  );

  r.get(
    '/api/suggestions',
    {
      config: { access: 'requests.file' },
      schema: {
        tags: ['assets'],
        description: 'Earlier requests (only those the caller may see) and library assets resembling a request being typed.',
        querystring: suggestionQuery,
        response: { 200: suggestions },
      },
    },
    async (request) => suggestForText(deps, viewerOf(request), request.query.text, request.query.limit),
  );
}
