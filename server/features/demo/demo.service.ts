import type { Role } from '../../../common/roles.js';
import type { Database } from '../../db/database.js';

export const DEMO_PASSWORD = 'tandem-demo';
export interface DemoCompany {
  organisationName: string;
  logins: { role: Role; email: string; name: string }[];
}
export async function seedDemoCompany(_database: Database): Promise<DemoCompany> {
  throw new Error('not yet');
}
export function demoLogins(demo: DemoCompany) {
  return demo.logins;
}
