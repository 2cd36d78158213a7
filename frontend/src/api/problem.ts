/** One invalid field: a stable code the web app translates (messages `validation.<code>`), English text, values. */
export interface FieldProblem {
  path: string;
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

/** An RFC 9457 problem from the API, with the fields our API adds. `type` is a stable slug (messages `problems.<type>`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
  conflictingAppointmentId?: string | null;
  [extension: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  /** Validation problems by field path ("firstName", "weekly.0.start"); the first of each. */
  fieldErrors(): Record<string, FieldProblem> {
    const byPath: Record<string, FieldProblem> = {};
    for (const problem of this.problem.errors ?? []) byPath[problem.path] ??= problem;
    return byPath;
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'title' in value;
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the problem. */
export async function call<T>(pending: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await pending;
  } catch {
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0 });
  }
  if (result.response.ok) return result.data as T;
  const problem = isProblem(result.error)
    ? result.error
    : { type: 'about:blank', title: result.response.statusText || 'Error', status: result.response.status };
  throw new ApiError(problem);
}
