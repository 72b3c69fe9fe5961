import type { Router } from 'express';
import type { Container } from '../../container.ts';
import { authRoutes } from './auth.routes.ts';

/** Every business router, mounted after validation and authentication. Add new ones here. */
export const routeModules: ((c: Container) => Router)[] = [authRoutes];
