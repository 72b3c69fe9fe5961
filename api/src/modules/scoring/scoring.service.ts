import type { DefaultModel, ExplainOption } from '@defaultrate/model';
import type { components, operations } from '../../../../openapi/generated/schema.d.ts';
import type { FieldError } from '../../lib/problem.ts';
import { assertCan } from '../access/permissions.ts';
import type { UserActor } from '../access/roles.ts';
import { checkStatement } from '../portfolio/statement-rules.ts';
import { modelInputOfBody } from '../statements/statement-input.ts';
import { pointedErrors, statementInvalid, statementProblem } from '../statements/statements.service.ts';

export type ScoreRequest = operations['scoreStatementOnce']['requestBody']['content']['application/json'];
export type ScoreResultView = components['schemas']['ScoreResult'];
type WhatIfView = components['schemas']['WhatIfResult'];

/** Every plausibility problem of the statement and of each context statement, under its own pointer. */
function checkRequest(request: ScoreRequest, today: Date): FieldError[] {
  return [
    ...pointedErrors(checkStatement(modelInputOfBody(request.statement), today), '/body/statement'),
    ...(request.previous ?? []).flatMap((statement, i) => pointedErrors(checkStatement(modelInputOfBody(statement), today), `/body/previous/${i}`)),
  ];
}

const ONE_COMPANY = 'submitted';

function explainOption(explain: ScoreRequest['explain']): ExplainOption {
  if (explain === true) return true;
  if (explain && typeof explain === 'object') return { top: explain.top };
  return false;
}

/**
 * Scores one statement and stores nothing: a calculator for analysts and embedders. The same
 * plausibility rules as stored statements apply, so a statement scored here can also be saved.
 */
export function scoreOnce(model: DefaultModel, actor: UserActor, request: ScoreRequest, today: Date = new Date()): ScoreResultView {
  assertCan(actor, 'scoring.run');
  const invalid = checkRequest(request, today);
  if (invalid.length > 0) throw statementProblem(invalid);
  // One company name for the statement and its context: the model pairs years and quarters by company,
  // and leaves unnamed statements unpaired.
  const input = modelInputOfBody(request.statement, ONE_COMPANY);
  const previous = (request.previous ?? []).map((s) => modelInputOfBody(s, ONE_COMPANY));
  const [result] = model.score([input], { explain: explainOption(request.explain), previous });
  if (!result?.ok) throw statementInvalid(result?.errors ?? [], '/body/statement');
  let whatIf: WhatIfView | null = null;
  if (request.whatIf) {
    const { item, targetPd } = request.whatIf;
    const found = model.whatIf(input, { item, targetPd, previous });
    if (!found.ok) throw statementInvalid(found.errors, '/body/statement');
    whatIf = found.isReachable
      ? { isReachable: true, item, targetPd, from: found.from, to: found.to, change: found.change, pdBefore: found.pdBefore, pdAfter: found.pdAfter }
      : { isReachable: false, item, targetPd, from: found.from, pdBefore: found.pdBefore, bestValue: found.bestValue, bestPd: found.bestPd, reason: found.reason };
  }
  return {
    pd: result.pd,
    pdLow: result.pdLow,
    pdHigh: result.pdHigh,
    band: result.band,
    rating: result.rating,
    hasPreviousYear: result.hasPreviousYear,
    drivers: result.drivers ?? null,
    modelVersion: result.modelVersion,
    whatIf,
  };
}
