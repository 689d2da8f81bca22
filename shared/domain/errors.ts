/**
 * Domain errors carry a stable `code`; functions/http/errors.ts maps each code
 * to an HTTP status in one place. Anything else is an unexpected 500.
 */
export interface FieldError {
  /** Dotted path of the field, e.g. `skills.2`; `''` for the body as a whole. */
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
}

export class ValidationFailed extends DomainError {
  readonly code = 'ValidationFailed';
  constructor(readonly errors: FieldError[]) {
    super(`Invalid input: ${errors.map((e) => e.path || '(body)').join(', ')}`);
  }
}

/** A signed link whose signature, action or format is wrong. */
export class LinkInvalid extends DomainError {
  readonly code = 'LinkInvalid';
  constructor() {
    super('This link is not valid');
  }
}

export class LinkExpired extends DomainError {
  readonly code = 'LinkExpired';
  constructor() {
    super('This link has expired');
  }
}

/** The thing a link acts on is gone or has already moved on (links are single-use). */
export class LinkUsed extends DomainError {
  readonly code = 'LinkUsed';
  constructor() {
    super('This link has already been used or is no longer needed');
  }
}

export class NotFound extends DomainError {
  readonly code = 'NotFound';
  constructor(what: string) {
    super(`${what} not found`);
  }
}

/** No valid sign-in token: the caller must sign in. */
export class Unauthorised extends DomainError {
  readonly code = 'Unauthorised';
  constructor() {
    super('Sign in as an admin to see this page');
  }
}

/** A valid sign-in, but not one allowed to do this (outside the admins group, or a cross-site request). */
export class Forbidden extends DomainError {
  readonly code = 'Forbidden';
  constructor(message = 'You do not have access to this page') {
    super(message);
  }
}

/** A conditional write lost a race: the item changed since it was read. */
export class Conflict extends DomainError {
  readonly code = 'Conflict';
  constructor(what: string) {
    super(what);
  }
}

/** The mentor has no free place left for another accepted mentee. */
export class CapacityReached extends DomainError {
  readonly code = 'CapacityReached';
  constructor() {
    super('You have no free places for another mentee');
  }
}

/** The proposal has already been accepted, declined or has expired. */
export class AlreadyDecided extends DomainError {
  readonly code = 'AlreadyDecided';
  constructor() {
    super('This proposal has already been answered or has expired');
  }
}
