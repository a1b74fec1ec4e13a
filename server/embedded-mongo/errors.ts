// Every error code the engine answers with, named in one place. Codes that make the driver mark the server
// Unknown or retry (see MONGO-WIRE-FACTS.md) are deliberately absent.
export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  ConflictingUpdateOperators: 40,
  TypeMismatch: 14,
  Overflow: 15,
  InvalidLength: 16,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CannotCreateIndex: 67,
  Location40324: 40324,
  Location17261: 17261,
  Location17262: 17262,
  Location17313: 17313,
  Location40218: 40218,
  IndexBuildAborted: 276,
  DuplicateKey: 11000,
  BSONObjectTooLarge: 10334,
  NoSuchKey: 4,
  Unauthorized: 13,
  ProtocolError: 17,
  AuthenticationFailed: 18,
  MechanismUnavailable: 334,
  OperationFailed: 96
} as const;

export type ErrorCodeName = keyof typeof ErrorCodes;

/** An error that becomes `{ ok: 0, errmsg, code, codeName, ...extra }` on the wire. */
export class CommandError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly extra: Record<string, unknown>;
  constructor(codeName: ErrorCodeName, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.codeName = codeName;
    this.code = ErrorCodes[codeName];
    this.extra = extra;
  }
  toReply(): Record<string, unknown> {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

export const badValue = (msg: string) => new CommandError('BadValue', msg);

export const TRANSACTION_REFUSED =
  'Transaction numbers are only allowed on a replica set member or mongos';
