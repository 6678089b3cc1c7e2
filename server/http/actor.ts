/** Who is acting: the authenticated user of a request, or the system (CLI, jobs). */
import type { Role } from '../../common/permissions.ts';
import { AppError } from '../../common/errors.ts';

export interface Actor {
  userId: number | null;
  username: string;
  displayName: string;
  role: Role | 'system';
  /** Canonical region prefix the actor may see; '' for the system actor (everything). */
  regionCode: string;
  orgId: number | null;
  personId: number | null;
  ip: string | null;
}

/** The actor of CLI commands and background jobs: full scope, audited as "系统". */
export function systemActor(name = 'cli'): Actor {
  return { userId: null, username: name, displayName: '系统', role: 'system', regionCode: '', orgId: null, personId: null, ip: null };
}

/** The signed-in actor of a request (the policy hook has set it on every non-public route). */
export function actorOf(req: { actor: Actor | null }): Actor {
  if (!req.actor) throw new AppError('auth.required', '请先登录');
  return req.actor;
}
