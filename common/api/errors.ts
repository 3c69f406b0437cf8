/** Every error code the API can answer with. The web app translates them by code. */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'invalid_json',
  'unauthenticated',
  'invalid_credentials',
  'too_many_attempts',
  'csrf_failed',
  'forbidden',
  'not_found',
  'conflict',
  'email_taken',
  'name_taken',
  'already_set_up',
  'precondition_failed',
  'precondition_required',
  'idempotency_key_reused',
  'request_in_progress',
  'token_invalid',
  'payload_too_large',
  'unsupported_media_type',
  'import_invalid',
  'cycle_closed',
  'cycle_not_scheduled',
  'cycle_not_open',
  'opens_on_in_past',
  'opens_on_too_far',
  'closes_on_not_after_opening',
  'already_answered',
  'reminder_limit',
  'invalid_transition',
  'request_type_inactive',
  'last_active_request_type',
  'service_unavailable',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}
