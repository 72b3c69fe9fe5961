// Public entry (and the `dr-widgets.js` bundle): importing it defines every widget. The provider
// comes first so that widgets already in the page find it when they upgrade.
export { DrProvider } from './components/dr-provider/dr-provider.ts';
export { DrRiskCard } from './components/dr-risk-card/dr-risk-card.ts';
export { DrCompanyTable, COMPANY_SORT_KEYS, type CompanySortKey, type SortOrder } from './components/dr-company-table/dr-company-table.ts';
export { DrPortfolioChart, TREND_PERIODS, type TrendPeriod } from './components/dr-portfolio-chart/dr-portfolio-chart.ts';
export { DrBulkUpload } from './components/dr-bulk-upload/dr-bulk-upload.ts';
export { DrCompanyAnalysis } from './components/dr-company-analysis/dr-company-analysis.ts';
export { DrOrgAdminPanel } from './components/dr-org-admin-panel/dr-org-admin-panel.ts';
export { DrTenantAdminPanel } from './components/dr-tenant-admin-panel/dr-tenant-admin-panel.ts';
export { DrSuperAdminPanel } from './components/dr-super-admin-panel/dr-super-admin-panel.ts';
export { DrLoadedEvent } from './events/dr-loaded.ts';
export { DrJobFinishedEvent } from './events/dr-job-finished.ts';
export { DrCompanySelectEvent } from './events/dr-company-select.ts';
export { DrErrorEvent } from './events/dr-error.ts';
export { DrTokenExpiringEvent } from './events/dr-token-expiring.ts';
export { DrThresholdBreachedEvent, type BreachingCompany } from './events/dr-threshold-breached.ts';
export { DrAdminChangeEvent, ADMIN_CHANGE_ACTIONS, type AdminChangeAction } from './events/dr-admin-change.ts';
export { DrProblem, type ProblemDocument } from './internal/problem.ts';
export { createApiClient, type DrApiClient, type TokenSource } from './internal/api-client.ts';
export { connectionContext, THEMES, type DrConnection, type DrTheme } from './internal/contexts.ts';
export { RISK_BANDS, type RiskBand } from './internal/format.ts';
