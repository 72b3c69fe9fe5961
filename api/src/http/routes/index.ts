import type { Router } from 'express';
import type { Container } from '../../container.ts';
import { authRoutes } from './auth.routes.ts';
import { invitationRoutes } from './invitations.routes.ts';
import { organizationRoutes } from './organizations.routes.ts';
import { auditEventRoutes } from './audit-events.routes.ts';
import { statsRoutes } from './stats.routes.ts';
import { tenantRoutes } from './tenants.routes.ts';
import { userRoutes } from './users.routes.ts';

/** Every business router, mounted after validation and authentication. Add new ones here. */
export const routeModules: ((c: Container) => Router)[] = [authRoutes, tenantRoutes, statsRoutes, userRoutes, auditEventRoutes, organizationRoutes, invitationRoutes];
