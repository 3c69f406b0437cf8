/**
 * API shapes of the request types an admin configures. A type is never deleted: requests filed with
 * it and its SLA policies stay; a deactivated type is only no longer offered for new requests.
 */
import { z } from 'zod';
import { requestType } from './contracts.js';

export const REQUEST_TYPE_NAME_MAX = 80;

const typeName = z.string().trim().min(1).max(REQUEST_TYPE_NAME_MAX);

/** A request type with its version (the ETag an update sends back in If-Match). */
export const requestTypeSetting = requestType.extend({ version: z.number().int() });
export type RequestTypeSetting = z.infer<typeof requestTypeSetting>;

export const requestTypeListQuery = z.object({
  /** Also the deactivated types: for those who see every request (their types show in the queue). */
  includeInactive: z.enum(['true', 'false']).optional(),
});
export type RequestTypeListQuery = z.input<typeof requestTypeListQuery>;

/** The key is derived by the server from the English name and never changes afterwards. */
export const requestTypeCreateBody = z.object({ nameDe: typeName, nameEn: typeName });
export type RequestTypeCreateBody = z.input<typeof requestTypeCreateBody>;

export const requestTypeUpdateBody = z
  .object({ nameDe: typeName.optional(), nameEn: typeName.optional(), active: z.boolean().optional() })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'Send at least one field to change.',
  });
export type RequestTypeUpdateBody = z.input<typeof requestTypeUpdateBody>;
