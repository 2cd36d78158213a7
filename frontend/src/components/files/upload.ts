import { csrfHeaders, refreshSession } from '@/api/client';
import { ApiError, type Problem } from '@/api/problem';
import type { FileCategory, FileEntityType, FileView } from '@/api/types';

export interface UploadTarget {
  entityType: FileEntityType;
  entityId: string;
  category?: FileCategory;
}

/**
 * POST /api/files with upload progress (fetch cannot report it): the text fields first, then the file,
 * as the API reads them; the CSRF header as every write; an expired session renewed once.
 */
export async function uploadWithProgress(target: UploadTarget, file: File, onProgress: (fraction: number) => void): Promise<FileView> {
  const first = await send(target, file, onProgress);
  if (first.status !== 401 || !(await refreshSession())) return result(first);
  return result(await send(target, file, onProgress));
}

function send(target: UploadTarget, file: File, onProgress: (fraction: number) => void): Promise<XMLHttpRequest> {
  const form = new FormData();
  form.append('entityType', target.entityType);
  form.append('entityId', target.entityId);
  if (target.category) form.append('category', target.category);
  form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/files');
    request.withCredentials = true;
    for (const [name, value] of Object.entries(csrfHeaders())) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => resolve(request);
    request.onerror = () => reject(new ApiError({ type: 'about:blank', title: 'Network error', status: 0 }));
    request.send(form);
  });
}

function result(request: XMLHttpRequest): FileView {
  let body: unknown;
  try {
    body = request.responseText ? JSON.parse(request.responseText) : undefined;
  } catch {
    body = undefined;
  }
  if (request.status >= 200 && request.status < 300) return body as FileView;
  const problem = (body as Problem | undefined) ?? { type: 'about:blank', title: request.statusText, status: request.status };
  throw new ApiError(problem);
}

/** `/api/files/:id/content`, as a download with `download`. */
export const contentUrl = (id: string, download = false) => `/api/files/${id}/content${download ? '?download=1' : ''}`;
export const thumbnailUrl = (id: string) => `/api/files/${id}/thumbnail`;
