'use client';

import { Alert, chakra, Field, Flex, Input, NativeSelect, Text, Textarea } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { ApiError, type FieldProblem } from '@/api/problem';
import { useHydrated } from '@/lib/hydrated';

type InputType = 'text' | 'email' | 'password' | 'tel' | 'date' | 'time' | 'datetime-local' | 'number' | 'search';

interface FieldProps {
  label: string;
  name: string;
  error?: string;
  required?: boolean;
  helper?: ReactNode;
}

/** Label (with the required mark), the control, a hint and the field's error, wired for screen readers. */
function FieldFrame({
  label,
  error,
  required,
  helper,
  children,
}: Omit<FieldProps, 'name'> & { children: (describedBy: string | undefined) => ReactNode }) {
  const ids = useFieldIds();
  return (
    <Field.Root
      id={ids.control}
      ids={{ errorText: ids.errorText, helperText: ids.helperText }}
      invalid={Boolean(error)}
      required={required}
    >
      <Field.Label>
        {label}
        <Field.RequiredIndicator />
      </Field.Label>
      {children(describedBy(ids, { error, helper }))}
      {helper && <Field.HelperText>{helper}</Field.HelperText>}
      {error && <Field.ErrorText>{error}</Field.ErrorText>}
    </Field.Root>
  );
}

/** Ids for a Field.Root and its parts, so a control can name its hint and error in aria-describedby. */
export function useFieldIds() {
  const id = useId();
  return { control: id, helperText: `${id}-hint`, errorText: `${id}-error` };
}

/**
 * The error (first) and hint a control should be described by. Chakra's field only sets aria-errormessage,
 * which few screen readers announce.
 */
export function describedBy(ids: ReturnType<typeof useFieldIds>, { error, helper }: { error?: string; helper?: ReactNode }) {
  return [error && ids.errorText, helper && ids.helperText].filter(Boolean).join(' ') || undefined;
}

export function TextField({
  label,
  name,
  error,
  required,
  helper,
  value,
  onChange,
  type = 'text',
  autoComplete,
  dir,
  placeholder,
  min,
  step,
}: FieldProps & {
  /** Controlled when given; otherwise the input keeps its own value (read from FormData on submit). */
  value?: string;
  onChange?: (value: string) => void;
  type?: InputType;
  autoComplete?: string;
  dir?: 'ltr' | 'rtl' | 'auto';
  placeholder?: string;
  min?: string;
  step?: string;
}) {
  return (
    <FieldFrame label={label} error={error} required={required} helper={helper}>
      {(described) => (
        <Input
          name={name}
          aria-describedby={described}
          type={type}
          {...(onChange
            ? { value, onChange: (event: ChangeEvent<HTMLInputElement>) => onChange(event.target.value) }
            : { defaultValue: value })}
          dir={dir}
          min={min}
          step={step}
          placeholder={placeholder}
          autoComplete={autoComplete}
        />
      )}
    </FieldFrame>
  );
}

export function TextAreaField({
  label,
  name,
  error,
  required,
  helper,
  value,
  onChange,
}: FieldProps & { value: string; onChange: (value: string) => void }) {
  return (
    <FieldFrame label={label} error={error} required={required} helper={helper}>
      {(described) => (
        <Textarea
          name={name}
          aria-describedby={described}
          value={value}
          onChange={(event: ChangeEvent<HTMLTextAreaElement>) => onChange(event.target.value)}
        />
      )}
    </FieldFrame>
  );
}

export function SelectField({
  label,
  name,
  error,
  required,
  helper,
  value,
  onChange,
  options,
  placeholder,
}: FieldProps & { value: string; onChange?: (value: string) => void; options: { value: string; label: string }[]; placeholder?: string }) {
  return (
    <FieldFrame label={label} error={error} required={required} helper={helper}>
      {(described) => (
        <NativeSelect.Root>
          <NativeSelect.Field
            name={name}
            aria-describedby={described}
            {...(onChange
              ? { value, onChange: (event: ChangeEvent<HTMLSelectElement>) => onChange(event.target.value) }
              : { defaultValue: value })}
          >
            {placeholder !== undefined && <option value="">{placeholder}</option>}
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </NativeSelect.Field>
          <NativeSelect.Indicator />
        </NativeSelect.Root>
      )}
    </FieldFrame>
  );
}

/** A checkbox with its label and hint (a native control: keyboard, screen readers and forms as the platform does them). */
export function CheckboxField({
  label,
  name,
  checked,
  onChange,
  error,
  helper,
  testId,
}: {
  label: string;
  name: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string;
  helper?: ReactNode;
  testId?: string;
}) {
  const ids = useFieldIds();
  return (
    <Field.Root id={ids.control} ids={{ helperText: ids.helperText, errorText: ids.errorText }} invalid={Boolean(error)}>
      <Flex as="label" align="center" gap="2" cursor="pointer">
        <chakra.input
          type="checkbox"
          name={name}
          checked={checked}
          onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(event.target.checked)}
          aria-describedby={describedBy(ids, { error, helper })}
          data-testid={testId}
          w="4"
          h="4"
          accentColor="teal.solid"
        />
        <Text textStyle="sm" fontWeight="medium">
          {label}
        </Text>
      </Flex>
      {helper && <Field.HelperText>{helper}</Field.HelperText>}
      {error && <Field.ErrorText>{error}</Field.ErrorText>}
    </Field.Root>
  );
}

/** A problem that belongs to no single field (or a field the form does not show); focused after a refused submit. */
export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <Alert.Root status="error" role="alert" tabIndex={-1} data-form-error="" outline="none">
      <Alert.Indicator />
      <Alert.Title>{message}</Alert.Title>
    </Alert.Root>
  );
}

/**
 * The message for an error that is not about one field, in the page's language: the problem's type
 * translated (messages `problems.<type>`), or the API's English detail for a type this version does not know.
 */
export function useErrorMessage() {
  const t = useTranslations('errors');
  const problems = useTranslations('problems');
  return (error: unknown): string => {
    if (!(error instanceof ApiError)) return t('unexpected');
    if (error.status === 0) return t('network');
    const type = error.problem.type as Parameters<typeof problems>[0];
    if (problems.has(type)) return problems(type, problemValues(error.problem));
    if (error.status === 403) return t('forbidden');
    if (error.status === 429) return t('rateLimited');
    if (error.status >= 500) return t('unexpected');
    return error.problem.detail ?? error.problem.title;
  };
}

/** The numbers and words a translated problem may name (e.g. a retry delay). */
function problemValues(problem: ApiError['problem']): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(problem).filter(
      (entry): entry is [string, string | number] => typeof entry[1] === 'string' || typeof entry[1] === 'number',
    ),
  );
}

/** A field's validation problem in the page's language (messages `validation.<code>`), else the API's English text. */
export function useFieldErrorText() {
  const t = useTranslations('validation');
  return (problem: FieldProblem): string => {
    const code = problem.code as Parameters<typeof t>[0];
    return t.has(code) ? t(code, problem.params ?? {}) : problem.message;
  };
}

/** Where focus was when a submit started, and the form it belongs to. */
interface SubmitOrigin {
  form: HTMLFormElement | null;
  element: HTMLElement | null;
}

function submitOrigin(form?: HTMLFormElement): SubmitOrigin {
  const element = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const owner = element instanceof HTMLButtonElement || element instanceof HTMLInputElement ? element.form : null;
  return { form: form ?? owner ?? element?.closest('form') ?? null, element };
}

/**
 * After a submit: a refused form puts focus on its first invalid field (scrolled into view); otherwise
 * focus goes back to where the submit started if it was lost meanwhile (a loading button is disabled,
 * which drops focus to the page).
 */
function moveFocusAfterSubmit(origin: SubmitOrigin, refused: boolean) {
  // The first invalid field, else the form's own error (a refusal about no single field, below the fold on a phone).
  const invalid = refused
    ? (origin.form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? origin.form?.querySelector<HTMLElement>('[data-form-error]'))
    : null;
  if (invalid) {
    invalid.focus({ preventScroll: true });
    invalid.scrollIntoView({ block: 'center' });
    return;
  }
  const lost = !document.activeElement || document.activeElement === document.body;
  if (lost && origin.element?.isConnected && !origin.element.matches(':disabled')) origin.element.focus();
}

/**
 * Submit state for a form backed by one API call: field errors by path go beside their fields, anything
 * else (or errors on fields the form does not show) above the buttons. Focus follows (moveFocusAfterSubmit).
 */
export function useApiForm<T, A = undefined>(
  submit: (argument: A) => Promise<T>,
  options: {
    fields?: readonly string[];
    /** Problem types that are about one of the form's fields, shown beside it: `{ 'outside-working-hours': 'startAt' }`. */
    problemFields?: Record<string, string>;
    onSuccess?: (result: T) => void;
  } = {},
) {
  const [submitting, setSubmitting] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [lastError, setLastError] = useState<unknown>();
  const [outcome, setOutcome] = useState<{ origin: SubmitOrigin; refused: boolean }>();
  const messageOf = useErrorMessage();
  const fieldText = useFieldErrorText();
  const tField = useTranslations('fields');

  useEffect(() => {
    if (outcome) moveFocusAfterSubmit(outcome.origin, outcome.refused);
  }, [outcome]);

  // A ref, not `submitting`: a double click lands before React re-renders with the button disabled.
  const inFlight = useRef(false);

  /**
   * Runs the call (with an argument, for buttons that submit different values). A second submit while one
   * is out is dropped: a double click records one patient, payment or refund.
   */
  const run = async (argument: A, form?: HTMLFormElement) => {
    if (inFlight.current) return;
    inFlight.current = true;
    const origin = submitOrigin(form);
    setSubmitting(true);
    setFieldErrors({});
    setFormError(undefined);
    setLastError(undefined);
    try {
      const result = await submit(argument);
      options.onSuccess?.(result);
      setOutcome({ origin, refused: false });
    } catch (error) {
      setLastError(error);
      const byField = error instanceof ApiError ? error.fieldErrors() : {};
      const asField = error instanceof ApiError ? options.problemFields?.[error.problem.type] : undefined;
      const shown = Object.fromEntries(
        Object.entries(byField)
          .filter(([path]) => !options.fields || options.fields.includes(path))
          .map(([path, problem]) => [path, fieldText(problem)]),
      );
      // A refusal about one field that is not a validation error (a time outside working hours) goes beside it.
      if (asField) shown[asField] = messageOf(error);
      setFieldErrors(shown);
      const hidden = Object.entries(byField).filter(([path]) => !(path in shown));
      if (Object.keys(shown).length === 0 || hidden.length > 0) {
        const label = (path: string) => (tField.has(path as 'email') ? tField(path as 'email') : path || '—');
        setFormError(
          hidden.length > 0 ? hidden.map(([path, problem]) => `${label(path)}: ${fieldText(problem)}`).join('; ') : messageOf(error),
        );
      }
      setOutcome({ origin, refused: true });
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  const onSubmit = (event?: FormEvent<HTMLFormElement>) => {
    event?.preventDefault();
    void run(undefined as A, event?.currentTarget);
  };

  return { submitting, fieldErrors, formError, lastError, onSubmit, run };
}

const FIELDSET_RESET = { border: 0, margin: 0, padding: 0, minWidth: 0 };

/**
 * A server-rendered form (sign-up, login, accept-invite) whose fields and buttons are disabled until
 * the page has hydrated: a click before that would submit natively (a GET with the password in the
 * URL), and text typed before that could be lost when React takes the inputs over (seen in the
 * browser tests on a cold server: the first field came back empty).
 */
export function ServerForm({ onSubmit, children }: { onSubmit: (data: FormData, form: HTMLFormElement) => void; children: ReactNode }) {
  const hydrated = useHydrated();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(new FormData(event.currentTarget), event.currentTarget);
      }}
      method="post"
      noValidate
    >
      <fieldset disabled={!hydrated} style={FIELDSET_RESET}>
        {children}
      </fieldset>
    </form>
  );
}

/** The named fields of a submitted form as strings, exactly as typed (also before hydration). */
export function formFields<K extends string>(form: FormData, names: readonly K[]): Record<K, string> {
  return Object.fromEntries(names.map((name) => [name, fieldText(form.get(name))])) as Record<K, string>;
}

const fieldText = (value: FormDataEntryValue | null): string => (typeof value === 'string' ? value : '');
