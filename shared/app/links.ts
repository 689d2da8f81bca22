/** Builds signed action links. The path names the action so a hover shows what a link does. */
import type { Deps } from '../ports';

export type LinkAction = 'confirm-email' | 'confirm-update' | 'erase' | 'accept' | 'decline' | 'end' | 'pause' | 'resume' | 'feedback';

export function actionLink(deps: Pick<Deps, 'signer' | 'config' | 'clock'>, action: LinkAction, subject: string, days: number): string {
  const expiresAt = new Date(deps.clock.now().getTime() + days * 86_400_000);
  const token = deps.signer.sign(action, subject, expiresAt);
  return `${deps.config.baseUrl}/${action}?t=${encodeURIComponent(token)}`;
}
