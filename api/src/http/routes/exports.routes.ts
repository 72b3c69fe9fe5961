import { Router, type Response } from 'express';
import type { Container } from '../../container.ts';
import type { PortfolioFilter } from '../../modules/analytics/portfolio-filter.ts';
import * as exports_ from '../../modules/exports/exports.service.ts';
import { portfolioReport } from '../../modules/exports/portfolio-report.service.ts';
import { CONTENT_TYPES, type ExportFormat } from '../../modules/exports/tabular-writer.ts';
import { actorOf } from '../actor.ts';

type ExportQuery = PortfolioFilter & { format?: ExportFormat };

function filterOf(query: ExportQuery): PortfolioFilter {
  return { scope: query.scope, organizationId: query.organizationId, sector: query.sector, fiscalYear: query.fiscalYear };
}

/** Headers of a download; set, not sent, so a refusal before the first byte can still be a problem document. */
function prepareDownload(res: Response, contentType: string, fileName: string): void {
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
}

/**
 * Once bytes are out, an error can no longer become a problem document: the connection is cut so
 * the client sees a truncated download rather than a file that looks complete.
 */
async function streaming(res: Response, c: Container, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!res.headersSent) {
      res.removeHeader('Content-Disposition');
      throw error;
    }
    c.logger.error({ err: (error as Error).message }, 'export failed mid-stream');
    res.destroy(error as Error);
  }
}

/** Company and prediction downloads (CSV/XLSX) and the PDF portfolio report. */
export function exportRoutes(c: Container): Router {
  const router = Router();
  const stamp = () => new Date().toISOString().slice(0, 10);

  router.get('/v1/exports/companies', async (req, res) => {
    const query = req.query as ExportQuery;
    const format = query.format ?? 'csv';
    prepareDownload(res, CONTENT_TYPES[format], `companies-${stamp()}.${format}`);
    await streaming(res, c, () => exports_.exportCompanies(c.db, actorOf(req), filterOf(query), format, res));
  });

  router.get('/v1/exports/predictions', async (req, res) => {
    const query = req.query as ExportQuery;
    const format = query.format ?? 'csv';
    prepareDownload(res, CONTENT_TYPES[format], `predictions-${stamp()}.${format}`);
    await streaming(res, c, () => exports_.exportPredictions(c.db, actorOf(req), filterOf(query), format, res));
  });

  router.get('/v1/exports/portfolio-report.pdf', async (req, res) => {
    prepareDownload(res, 'application/pdf', `portfolio-report-${stamp()}.pdf`);
    await streaming(res, c, () => portfolioReport({ db: c.db, model: c.model }, actorOf(req), filterOf(req.query as ExportQuery), res));
  });

  return router;
}
