// Per-form state: which field is wrong and why (as a message key), and whether a submission is running.
// Server errors naming a `field` land next to that field; everything else becomes a toast.
import { ApiError } from './api';
import type { ErrorHandler } from './handle-error';

/** Field-specific messages; a field not listed gets the generic "check this field". */
const INVALID_MESSAGES: Record<string, string> = {
  email: 'fieldErrors.email',
  password: 'fieldErrors.password',
  newPassword: 'fieldErrors.password',
  currentPassword: 'fieldErrors.currentPassword',
  endDate: 'fieldErrors.endDate',
  startDate: 'fieldErrors.date',
  endReason: 'fieldErrors.endReason',
  color: 'fieldErrors.color',
  languages: 'fieldErrors.languages',
  token: 'fieldErrors.token',
  setupCode: 'fieldErrors.setupCode'
};
const CONFLICT_MESSAGES: Record<string, string> = {
  email: 'fieldErrors.emailTaken',
  menteeId: 'fieldErrors.menteePaired'
};

export function fieldMessageKey(error: ApiError): string {
  const field = error.field ?? '';
  if (error.code === 'conflict') return CONFLICT_MESSAGES[field] ?? 'fieldErrors.conflict';
  return INVALID_MESSAGES[field] ?? 'fieldErrors.invalid';
}

export class FormState {
  errors = $state<Record<string, string>>({});
  submitting = $state(false);

  constructor(
    private readonly handleError: ErrorHandler,
    /** The DOM id prefix of this form's inputs, to move focus to the first wrong field. */
    private readonly idPrefix: string
  ) {}

  /** Client-side checks: record a message for a field when `ok` is false. */
  check(field: string, ok: boolean, key: string): boolean {
    if (!ok && !this.errors[field]) this.errors[field] = key;
    return ok;
  }

  fieldId(field: string) {
    return `${this.idPrefix}-${field}`;
  }

  /** Runs `action` unless client checks failed; returns true on success. */
  async submit(action: () => Promise<void>, failureKey: string, validate?: () => void): Promise<boolean> {
    this.errors = {};
    validate?.();
    if (Object.keys(this.errors).length > 0) {
      this.#focusFirstError();
      return false;
    }
    this.submitting = true;
    try {
      await action();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.field && (error.code === 'invalid' || error.code === 'conflict')) {
        this.errors[error.field] = fieldMessageKey(error);
        this.#focusFirstError();
      }
      this.handleError(error, failureKey);
      return false;
    } finally {
      this.submitting = false;
    }
  }

  #focusFirstError() {
    const first = Object.keys(this.errors)[0];
    // After the DOM shows the error, so that a screen reader reads it with the field.
    queueMicrotask(() => document.getElementById(this.fieldId(first))?.focus());
  }
}

export const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
export const PASSWORD_MIN = 10;
