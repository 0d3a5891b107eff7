import type { Role } from '@livedesk/contracts';

/** One stable colour per role so a role reads the same in every table. */
export const roleColors: Record<Role, string> = {
  owner: 'gold',
  admin: 'volcano',
  operator: 'blue',
  anchor: 'magenta',
  customer_service: 'cyan',
  finance: 'green',
  warehouse: 'orange',
  analyst: 'purple',
};
