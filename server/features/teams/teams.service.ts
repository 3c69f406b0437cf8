import { randomUUID } from 'node:crypto';
import type { Team } from '../../../common/api/contracts.js';
import type { TeamKind } from '../../../common/roles.js';
import { nowIso } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../http/errors.js';
import { staleVersion } from '../../http/etag.js';
import * as repo from './teams.repository.js';

export function presentTeam(row: repo.TeamWithCount): Team {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    region: row.region,
    memberCount: Number(row.member_count ?? 0),
    version: row.version,
  };
}

const nameTaken = () => new AppError(409, 'name_taken', 'A team with this name already exists.');

export async function createTeam(
  deps: AppDeps,
  organisationId: string,
  input: { name: string; kind: TeamKind; region: string },
): Promise<Team> {
  const { db } = deps.database;
  if (await repo.findTeamByName(db, organisationId, input.name)) throw nameTaken();
  const id = randomUUID();
  await repo.insertTeam(db, { id, organisation_id: organisationId, ...input, created_at: nowIso() });
  return getTeam(deps, organisationId, id);
}

export async function getTeam(deps: AppDeps, organisationId: string, teamId: string): Promise<Team> {
  const row = await repo.findTeamById(deps.database.db, organisationId, teamId);
  if (!row) throw notFound('Team');
  return presentTeam(row);
}

export async function updateTeam(
  deps: AppDeps,
  organisationId: string,
  teamId: string,
  expectedVersion: number,
  change: { name?: string | undefined; kind?: TeamKind | undefined; region?: string | undefined },
): Promise<Team> {
  const { db } = deps.database;
  const current = await repo.findTeamById(db, organisationId, teamId);
  if (!current) throw notFound('Team');
  if (change.name && change.name.toLowerCase() !== current.name.toLowerCase()) {
    if (await repo.findTeamByName(db, organisationId, change.name)) throw nameTaken();
  }
  const definedChange = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
  if (!(await repo.updateTeamIfVersion(db, organisationId, teamId, expectedVersion, definedChange))) throw staleVersion();
  return getTeam(deps, organisationId, teamId);
}
