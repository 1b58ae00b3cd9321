import { ApiError, type Api } from './api.js';

/**
 * Saves a file the API answers (a notice's PDF): fetched with the token (a plain link could
 * not send it), then offered to the browser under the name the answer gives.
 */
export async function download(api: Api, path: string, fallbackName: string): Promise<void> {
  const token = api.token();
  const res = await fetch(path, {
    headers: {
      'accept-language': api.language(),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  });
  if (!res.ok) {
    const text = await res.text();
    throw new ApiError({ status: res.status, ...(text ? (JSON.parse(text) as object) : {}) });
  }
  const name =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  saveBlob(name, await res.blob());
}

/** Offers a file made in the browser (or fetched) to the user under `name`. */
export function saveBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
