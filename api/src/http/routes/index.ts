import type { Router } from 'express';
import type { Container } from '../../container.ts';
import { authRoutes } from './auth.routes.ts';
import { invitationRoutes } from './invitations.routes.ts';
import { organizationRoutes } from './organizations.routes.ts';
import { auditEventRoutes } from './audit-events.routes.ts';
import { statsRoutes } from './stats.routes.ts';
import { tenantRoutes } from './tenants.routes.ts';
import { userRoutes } from './users.routes.ts';
import { companyRoutes } from './companies.routes.ts';
import { scoringRoutes } from './scoring.routes.ts';
import { alertRoutes } from './alerts.routes.ts';
import { webhookRoutes } from './webhooks.routes.ts';
import { analyticsRoutes } from './analytics.routes.ts';
import { exportRoutes } from './exports.routes.ts';
import { scoreJobRoutes } from './score-jobs.routes.ts';
import { apiKeyRoutes } from './api-keys.routes.ts';
import { embedTokenRoutes } from './embed-tokens.routes.ts';
import { webVitalRoutes } from './web-vitals.routes.ts';

/** Every business router, mounted after validation and authentication. Add new ones here. */
export const routeModules: ((c: Container) => Router)[] = [authRoutes, tenantRoutes, statsRoutes, userRoutes, auditEventRoutes, organizationRoutes, invitationRoutes, companyRoutes, scoringRoutes, alertRoutes, webhookRoutes, analyticsRoutes, exportRoutes, scoreJobRoutes, apiKeyRoutes, embedTokenRoutes, webVitalRoutes];
