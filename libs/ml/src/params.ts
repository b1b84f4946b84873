import { TrainerParamError } from './errors';
import type { KMeansParams } from './trainers/kmeans';
import type { LogisticParams } from './trainers/logistic';

/** The built-in trainers. */
export const TrainerType = {
  KMEANS: 'kmeans',
  LOGISTIC_REGRESSION: 'logistic_regression',
  LINEAR_REGRESSION: 'linear_regression',
  RIDGE: 'ridge',
} as const;
export type TrainerType = (typeof TrainerType)[keyof typeof TrainerType];

/** Hyperparameters of ridge regression (resolved). */
export interface RidgeParams {
  /** L2 strength on the coefficients (not the intercept), as scikit-learn's Ridge alpha; 0 is OLS. */
  alpha: number;
}

/** Hyperparameters of linear regression: none (ordinary least squares). */
export type LinearRegressionParams = Record<string, never>;

/** Resolved hyperparameters of each trainer. */
export interface ParamsOf {
  kmeans: KMeansParams;
  logistic_regression: LogisticParams;
  linear_regression: LinearRegressionParams;
  ridge: RidgeParams;
}

/** What a caller passes: every hyperparameter but k has a default. */
export interface ParamsInputOf {
  kmeans: Partial<KMeansParams> & { k: number };
  logistic_regression: Partial<LogisticParams>;
  linear_regression: LinearRegressionParams;
  ridge: Partial<RidgeParams>;
}

interface Rule {
  /** Integers only. */
  integer: boolean;
  min: number;
  /** Whether min itself is allowed. */
  inclusive: boolean;
  /** undefined = required. */
  fallback: number | undefined;
  /** Whether +Infinity is allowed (C: no penalty). */
  infinite?: boolean;
}

const RULES: { [T in TrainerType]: Record<keyof ParamsOf[T], Rule> } = {
  kmeans: {
    k: { integer: true, min: 1, inclusive: true, fallback: undefined },
    nInit: { integer: true, min: 1, inclusive: true, fallback: 10 },
    maxIterations: { integer: true, min: 1, inclusive: true, fallback: 300 },
    tolerance: { integer: false, min: 0, inclusive: true, fallback: 1e-4 },
  },
  logistic_regression: {
    C: { integer: false, min: 0, inclusive: false, fallback: 1, infinite: true },
    maxIterations: { integer: true, min: 1, inclusive: true, fallback: 1000 },
    tolerance: { integer: false, min: 0, inclusive: false, fallback: 1e-7 },
  },
  linear_regression: {},
  ridge: {
    alpha: { integer: false, min: 0, inclusive: true, fallback: 1 },
  },
};

/** Checks a trainer's hyperparameters and fills in the defaults; TrainerParamError names the first bad one. */
export function resolveParams<T extends TrainerType>(type: T, params: unknown): ParamsOf[T] {
  const rules = RULES[type] as Record<string, Rule> | undefined;
  if (rules === undefined || !Object.prototype.hasOwnProperty.call(RULES, type)) {
    throw new TrainerParamError(
      'trainer.type',
      `unknown trainer "${String(type)}" (known: ${Object.keys(RULES).join(', ')})`,
    );
  }
  const given = params ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) {
    throw new TrainerParamError('trainer.params', 'must be an object of hyperparameters');
  }
  const input = given as Record<string, unknown>;
  for (const name of Object.keys(input)) {
    if (!Object.prototype.hasOwnProperty.call(rules, name)) {
      const known = Object.keys(rules);
      throw new TrainerParamError(
        name,
        `unknown hyperparameter of ${type} (${known.length === 0 ? 'it takes none' : `known: ${known.join(', ')}`})`,
      );
    }
  }
  const resolved: Record<string, number> = {};
  for (const [name, rule] of Object.entries(rules)) {
    resolved[name] = check(name, input[name], rule);
  }
  return resolved as unknown as ParamsOf[T];
}

function check(name: string, value: unknown, rule: Rule): number {
  if (value === undefined || value === null) {
    if (rule.fallback === undefined) {
      throw new TrainerParamError(name, 'is required');
    }
    return rule.fallback;
  }
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TrainerParamError(name, `must be a number, got ${JSON.stringify(value)}`);
  }
  if (value === Number.POSITIVE_INFINITY && rule.infinite === true) {
    return value;
  }
  if (!Number.isFinite(value) || (rule.integer && !Number.isSafeInteger(value))) {
    throw new TrainerParamError(name, `must be ${rule.integer ? 'an integer' : 'a finite number'}, got ${value}`);
  }
  if (rule.inclusive ? value < rule.min : value <= rule.min) {
    throw new TrainerParamError(name, `must be ${rule.inclusive ? '≥' : '>'} ${rule.min}, got ${value}`);
  }
  return value;
}
