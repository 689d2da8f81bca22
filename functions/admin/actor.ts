/** The admin as the audit log records them, and the id rule every admin path parameter follows. */
import * as z from 'zod';
import type { AuditActor } from '../../shared/ports';
import type { AdminUser } from '../http/types';

export const actorOf = (user: AdminUser): AuditActor => ({ subject: user.subject, email: user.email, via: user.via === 'cookie' ? 'page' : 'api' });

/** Ids are UUIDs; anything else is answered 400 before a store is asked. */
export const Id = z.string().regex(/^[A-Za-z0-9-]{1,100}$/, { error: 'Not a valid id' });
