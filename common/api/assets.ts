/**
 * Shapes of the asset library, request attachments and the suggestions shown while a request is typed.
 */
import { z } from 'zod';
import { requestStatusSchema } from './contracts.js';

const id = z.uuid();
const personRef = z.object({ id, name: z.string() });

export const ASSET_LANGUAGES = ['de', 'en'] as const;
export const assetLanguageSchema = z.enum(ASSET_LANGUAGES);
export type AssetLanguage = z.infer<typeof assetLanguageSchema>;

export const ASSET_KINDS = ['link', 'file'] as const;
export const assetKindSchema = z.enum(ASSET_KINDS);

/** How a person reused an asset; each person counts once per asset whatever the way. */
export const REUSE_WAYS = ['used', 'opened', 'suggestion'] as const;
export const reuseWaySchema = z.enum(REUSE_WAYS);

/** The most a single file may weigh: 10 MB. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** What may be uploaded, by the extension shown in the UI; the server checks the content too. */
export const ATTACHMENT_EXTENSIONS = ['pdf', 'png', 'jpg', 'jpeg', 'docx', 'xlsx', 'pptx', 'txt', 'csv'] as const;

const tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}\-_.]*$/u, 'a tag is one word of letters, digits, - _ or .');

export const attachment = z.object({
  id,
  requestId: id.nullable(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  uploader: personRef.nullable(),
  createdAt: z.string(),
  /** The viewer may delete it: the uploader, or marketing. */
  deletable: z.boolean(),
});
export type Attachment = z.infer<typeof attachment>;

export const assetSummary = z.object({
  id,
  kind: assetKindSchema,
  title: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  language: assetLanguageSchema,
  /** For links; files are fetched from /api/assets/:id/file. */
  url: z.string().nullable(),
  file: z.object({ fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int() }).nullable(),
  publisher: personRef.nullable(),
  /** People who reused it, each counted once. */
  reuseCount: z.number().int(),
  reusedByMe: z.boolean(),
  createdAt: z.string(),
});
export type AssetSummary = z.infer<typeof assetSummary>;

export const assetDetail = assetSummary.extend({
  /** The request it was delivered for, when the viewer may see that request. */
  request: z.object({ id, number: z.number().int(), title: z.string() }).nullable(),
  version: z.number().int(),
});
export type AssetDetail = z.infer<typeof assetDetail>;

export const assetListQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  /** Full text over title, tags and description; each word matches as a prefix. */
  q: z.string().trim().max(200).optional(),
  tag: tag.optional(),
  language: assetLanguageSchema.optional(),
});
export type AssetListQuery = z.infer<typeof assetListQuery>;

export const assetTagCount = z.object({ tag: z.string(), count: z.number().int() });
export type AssetTagCount = z.infer<typeof assetTagCount>;

export const assetPublishBody = z
  .object({
    /** The delivered request the asset comes from, if any. */
    requestId: id.optional(),
    kind: assetKindSchema,
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) address' })
      .max(2000)
      .optional(),
    /** An attachment of the request, or a file uploaded to the library by the publisher. */
    attachmentId: id.optional(),
    title: z.string().trim().min(3).max(200),
    description: z.string().trim().max(5000).default(''),
    tags: z.array(tag).max(12).default([]),
    language: assetLanguageSchema,
  })
  .refine((b) => (b.kind === 'link' ? b.url !== undefined && !b.attachmentId : b.attachmentId !== undefined && !b.url), {
    error: 'a link needs url (and no attachmentId), a file needs attachmentId (and no url)',
    path: ['kind'],
  });
export type AssetPublishBody = z.infer<typeof assetPublishBody>;

export const assetReuseBody = z.object({ via: reuseWaySchema.default('used') });
export const assetReuse = z.object({ reuseCount: z.number().int(), reusedByMe: z.boolean() });
export type AssetReuse = z.infer<typeof assetReuse>;

export const suggestionQuery = z.object({
  /** What the rep has typed so far: title and description. */
  text: z.string().max(5000).default(''),
  limit: z.coerce.number().int().min(1).max(10).default(5),
});

export const requestSuggestion = z.object({
  id,
  number: z.number().int(),
  title: z.string(),
  status: requestStatusSchema,
  createdAt: z.string(),
});
export const suggestions = z.object({
  requests: z.array(requestSuggestion),
  assets: z.array(assetSummary),
});
export type Suggestions = z.infer<typeof suggestions>;
export type RequestSuggestion = z.infer<typeof requestSuggestion>;
