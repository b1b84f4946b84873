import { improvementOf } from './metrics';
import type { PromotionSpec, ValidationSpec } from './pipeline';
import type { Decision } from './run';

/** The champion as the gate saw it: its version and its score on the same holdout rows (or why there is none). */
export type ChampionOutcome =
  | { kind: 'none' }
  | { kind: 'scored'; version: number; score: number }
  | { kind: 'unscorable'; version: number; reason: string }
  /** The alias already points at the challenger (an earlier attempt of this run moved it). */
  | { kind: 'challenger'; version: number };

/**
 * Whether the alias moves to the registered challenger. `manual` never moves it; `if_better` moves it when there
 * is no champion, or when the challenger beats the champion's score on the same holdout rows by at least
 * `minImprovement` (and by more than nothing). A champion that cannot be scored keeps the alias: a human decides.
 */
export function decide(
  promotion: PromotionSpec,
  validation: ValidationSpec,
  challenger: { version: number; score: number },
  champion: ChampionOutcome,
): Decision {
  const { metric, greaterIsBetter } = validation;
  const base = {
    policy: promotion.policy,
    alias: promotion.alias,
    metric,
    greaterIsBetter,
    minImprovement: promotion.minImprovement,
    challengerScore: challenger.score,
    championScore: champion.kind === 'scored' ? champion.score : null,
    championVersion: champion.kind === 'none' ? null : champion.version,
  };
  const challengerText = `version ${challenger.version} (${metric} ${format(challenger.score)})`;
  if (champion.kind === 'challenger') {
    return { ...base, promoted: true, reason: `"${promotion.alias}" already points at ${challengerText}` };
  }
  if (promotion.policy === 'manual') {
    const where =
      champion.kind === 'none'
        ? `"${promotion.alias}" is not set`
        : `"${promotion.alias}" stays at version ${champion.version}`;
    return { ...base, promoted: false, reason: `policy is manual: registered ${challengerText}; ${where}` };
  }
  if (champion.kind === 'none') {
    return {
      ...base,
      promoted: true,
      reason: `no champion: "${promotion.alias}" was not set; it now points at ${challengerText}`,
    };
  }
  if (champion.kind === 'unscorable') {
    return {
      ...base,
      promoted: false,
      reason: `the champion (version ${champion.version}) could not be scored on the holdout rows (${champion.reason}); "${promotion.alias}" stays`,
    };
  }
  const improvement = improvementOf(challenger.score, champion.score, greaterIsBetter);
  const championText = `champion version ${champion.version} (${format(champion.score)})`;
  if (improvement > 0 && improvement >= promotion.minImprovement) {
    return {
      ...base,
      promoted: true,
      reason: `${challengerText} beats ${championText} by ${format(improvement)} (minimum ${format(promotion.minImprovement)}); "${promotion.alias}" moved`,
    };
  }
  const verdict =
    improvement > 0
      ? `beats ${championText} by only ${format(improvement)}`
      : improvement === 0
        ? `ties ${championText}`
        : `is worse than ${championText} by ${format(-improvement)}`;
  return {
    ...base,
    promoted: false,
    reason: `${challengerText} ${verdict} (${greaterIsBetter ? 'greater' : 'lower'} is better, minimum improvement ${format(promotion.minImprovement)}); "${promotion.alias}" stays at version ${champion.version}`,
  };
}

function format(value: number): string {
  return String(Number(value.toPrecision(6)));
}
