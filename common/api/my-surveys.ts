/**
 * The signed-in person's own survey invitations, as the app shows them next to the e-mailed link.
 * Only open cycles the person has not answered yet appear; nothing about answers is ever included.
 */
import { z } from 'zod';
import { CYCLE_FORMS } from './surveys.js';

export const mySurvey = z.object({
  cycleId: z.uuid(),
  form: z.enum(CYCLE_FORMS),
  /** Null when none was given: show cycleTitleOf (common/api/cycle-title.ts) in the reader's language. */
  title: z.string().nullable(),
  opensOn: z.string(),
  closesOn: z.string(),
});
export const mySurveyList = z.object({ items: z.array(mySurvey) });
export const mySurveyParams = z.object({ id: z.uuid() });
export const mySurveyLink = z.object({ url: z.string() });

export type MySurvey = z.infer<typeof mySurvey>;
export type MySurveyLink = z.infer<typeof mySurveyLink>;
