import { Router } from 'express';
import type { Container } from '../../container.ts';
import * as companies from '../../modules/companies/companies.service.ts';
import * as predictions from '../../modules/predictions/predictions.service.ts';
import * as statements from '../../modules/statements/statements.service.ts';
import { actorOf } from '../actor.ts';
import type { JsonResponse } from '../openapi-types.ts';

type PageQuery = { limit?: number; cursor?: string };

/** Companies, their statements, scoring a stored statement, prediction history and trend. */
export function companyRoutes(c: Container): Router {
  const router = Router();

  router.get('/v1/companies', async (req, res: JsonResponse<'listCompanies'>) => {
    res.json(await companies.listCompanies(c.db, actorOf(req), req.query as companies.CompanyListQuery));
  });

  router.post('/v1/companies', async (req, res: JsonResponse<'createCompany', 201>) => {
    res.status(201).json(await companies.createCompany(c.db, actorOf(req), req.body));
  });

  router.get('/v1/companies/:companyId', async (req, res: JsonResponse<'getCompany'>) => {
    res.json(await companies.getCompany(c.db, actorOf(req), req.params.companyId));
  });

  router.patch('/v1/companies/:companyId', async (req, res: JsonResponse<'updateCompany'>) => {
    res.json(await companies.updateCompany(c.db, actorOf(req), req.params.companyId, req.body));
  });

  router.delete('/v1/companies/:companyId', async (req, res) => {
    await companies.deleteCompany(c.db, actorOf(req), req.params.companyId);
    res.status(204).end();
  });

  router.get('/v1/companies/:companyId/statements', async (req, res: JsonResponse<'listStatements'>) => {
    res.json(await statements.listStatements(c.db, actorOf(req), req.params.companyId, req.query as PageQuery));
  });

  router.post('/v1/companies/:companyId/statements', async (req, res: JsonResponse<'createStatement', 201>) => {
    res.status(201).json(await statements.createStatement(c.db, actorOf(req), req.params.companyId, req.body));
  });

  router.get('/v1/companies/:companyId/statements/:statementId', async (req, res: JsonResponse<'getStatement'>) => {
    res.json(await statements.getStatement(c.db, actorOf(req), req.params.companyId, req.params.statementId));
  });

  router.delete('/v1/companies/:companyId/statements/:statementId', async (req, res) => {
    await statements.deleteStatement(c.db, actorOf(req), req.params.companyId, req.params.statementId);
    res.status(204).end();
  });

  router.post('/v1/companies/:companyId/statements/:statementId/score', async (req, res: JsonResponse<'scoreStatement', 201>) => {
    res.status(201).json(await predictions.scoreStatement(c.db, c.model, actorOf(req), req.params.companyId, req.params.statementId));
  });

  router.get('/v1/companies/:companyId/predictions', async (req, res: JsonResponse<'listPredictions'>) => {
    res.json(await predictions.listPredictions(c.db, actorOf(req), req.params.companyId, req.query as PageQuery));
  });

  router.get('/v1/companies/:companyId/trend', async (req, res: JsonResponse<'getCompanyTrend'>) => {
    res.json(await predictions.getTrend(c.db, actorOf(req), req.params.companyId));
  });

  return router;
}
