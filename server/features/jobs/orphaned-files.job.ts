/**
 * Sweeps stored attachment files that no row points to any more (see sweepOrphanedFiles). Hourly is
 * plenty: an orphan wastes disk space, it is never served, because every download goes through a row.
 */
import type { AppDeps } from '../../deps.js';
import { sweepOrphanedFiles } from '../attachments/attachments.service.js';
import type { Job } from './job-runner.js';

export function orphanedFilesJob(deps: AppDeps): Job {
  return {
    name: 'orphaned-attachment-files',
    intervalMs: 60 * 60_000,
    run: async (now) => {
      await sweepOrphanedFiles(deps, now);
    },
  };
}
