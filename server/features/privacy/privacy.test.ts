import { expect, it } from 'vitest';
import { createOrganisationWithRoles } from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';

describeEachDialect('privacy settings', (ctx) => {
  it('starts with k = 5, comments at 10 and every breakdown; an admin changes them with If-Match, audited', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    const read = await clients.sales_rep.inject({ method: 'GET', url: '/api/settings/privacy' });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({
      minGroupSize: 5,
      minCommentGroupSize: 10,
      breakdownAttributes: ['team', 'region', 'tenureBand', 'role'],
      version: 1,
    });
    const body = { minGroupSize: 7, minCommentGroupSize: 12, breakdownAttributes: ['team', 'region'] };
    const withoutIfMatch = await clients.admin.inject({ method: 'PUT', url: '/api/settings/privacy', payload: body });
    expect(withoutIfMatch.statusCode).toBe(428);
    const updated = await clients.admin.inject({
      method: 'PUT',
      url: '/api/settings/privacy',
      headers: { 'if-match': read.headers.etag as string },
      payload: body,
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toEqual({ ...body, version: 2 });
    const stale = await clients.admin.inject({
      method: 'PUT',
      url: '/api/settings/privacy',
      headers: { 'if-match': '"1"' },
      payload: body,
    });
    expect(stale.statusCode).toBe(412);
    const audit = await clients.admin.inject({ method: 'GET', url: '/api/audit?action=privacy.settings_changed' });
    expect(audit.json().total).toBe(1);
  });

  it('keeps k within 3–10 and the comment minimum at least k', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    for (const body of [
      { minGroupSize: 2, minCommentGroupSize: 10, breakdownAttributes: [] },
      { minGroupSize: 11, minCommentGroupSize: 12, breakdownAttributes: [] },
      { minGroupSize: 6, minCommentGroupSize: 5, breakdownAttributes: [] },
      { minGroupSize: 5, minCommentGroupSize: 10, breakdownAttributes: ['shoe_size'] },
    ]) {
      const response = await clients.admin.inject({
        method: 'PUT',
        url: '/api/settings/privacy',
        headers: { 'if-match': '"1"' },
        payload: body,
      });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
  });
});
