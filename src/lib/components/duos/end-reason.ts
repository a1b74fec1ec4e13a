// An end reason is what a coordinator typed, or a code the server set itself (e.g. when an account is deleted).
const CODES = ['account_deleted', 'member_removed'];

export function endReasonText(reason: string, t: (key: string) => string): string {
  return CODES.includes(reason) ? t(`duos.endReasons.${reason}`) : reason;
}
