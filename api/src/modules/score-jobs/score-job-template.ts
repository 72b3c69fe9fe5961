import ExcelJS from 'exceljs';
import { EXTRA_ITEMS, STATEMENT_ITEMS } from '@defaultrate/model';
import { csvLine } from '../../lib/spreadsheet-cell.ts';

/** Columns of the bulk-scoring template, in the order a person fills them in. */
export const TEMPLATE_COLUMNS = ['company', 'externalRef', 'sector', 'country', 'fiscalYear', 'fiscalQuarter', 'unit', ...STATEMENT_ITEMS, ...EXTRA_ITEMS] as const;

/** One plausible example statement (millions), so the template shows the expected shape of each cell. */
const EXAMPLE: Record<(typeof TEMPLATE_COLUMNS)[number], string | number | null> = {
  company: 'Example Manufacturing Ltd',
  externalRef: 'LEI-EXAMPLE-0001',
  sector: 'Manufacturing',
  country: 'DE',
  fiscalYear: 2024,
  fiscalQuarter: null,
  unit: 'millions',
  currentAssets: 420.5,
  costOfGoodsSold: 610.2,
  depreciationAndAmortization: 38.1,
  ebitda: 121.4,
  inventory: 140.3,
  netIncome: 41.7,
  totalReceivables: 165.9,
  marketValue: 690,
  netSales: 910.8,
  totalAssets: 1180.4,
  longTermDebt: 260,
  ebit: 83.3,
  grossProfit: 300.6,
  currentLiabilities: 240.2,
  retainedEarnings: 310.5,
  totalRevenue: 925.1,
  totalLiabilities: 640.8,
  totalOperatingExpenses: 826.5,
  interestExpense: 14.2,
  cash: 95.4,
  operatingCashFlow: 102.3,
  totalDebt: 330,
  sgaExpense: 180.1,
};

const exampleRow = (): (string | number | null)[] => TEMPLATE_COLUMNS.map((c) => EXAMPLE[c]);

export function templateCsv(): string {
  return csvLine(TEMPLATE_COLUMNS) + csvLine(exampleRow());
}

export async function templateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Statements');
  sheet.addRow([...TEMPLATE_COLUMNS]);
  sheet.addRow(exampleRow());
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
