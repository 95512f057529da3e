/**
 * Uploading a media file with progress. fetch() cannot report upload progress, so this one request
 * uses XMLHttpRequest; its failures become the same ApiError as everywhere else, so the server's
 * message ("a JPEG named .png", "larger than the limit") reaches the person unchanged.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { ApiError, enc } from "../api.js";
import type { MediaAsset } from "../publishing/types.js";

type UploadInput = { workspaceId: string; brandId: string; file: File; alt?: string; onProgress?: (fraction: number) => void };

function errorOf(xhr: XMLHttpRequest): ApiError {
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(xhr.responseText) as Record<string, unknown>;
  } catch {
    // Not JSON: the status text below is all there is.
  }
  const errors = Array.isArray(body.errors) ? (body.errors as { path: string; message: string }[]).filter((e) => typeof e?.path === "string") : [];
  const detail = typeof body.detail === "string" ? body.detail : typeof body.title === "string" ? body.title : xhr.statusText || `HTTP ${xhr.status}`;
  return new ApiError({ status: xhr.status, code: typeof body.code === "string" ? body.code : `http_${xhr.status}`, detail, errors });
}

export function uploadMedia({ workspaceId, brandId, file, alt, onProgress }: UploadInput): Promise<MediaAsset> {
  const form = new FormData();
  // Text fields first: the server reads the parts in order.
  form.set("brandId", brandId);
  if (alt) form.set("alt", alt);
  form.set("file", file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/workspaces/${enc(workspaceId)}/media`);
    xhr.setRequestHeader("accept", "application/json");
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as MediaAsset);
        } catch (err) {
          reject(err);
        }
      } else reject(errorOf(xhr));
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: "network", detail: "Network error" }));
    xhr.send(form);
  });
}

export type UploadState = { fileName: string; progress: number } | null;

/** One upload at a time, with its progress (0–1) and the server's refusal, if any. */
export function useMediaUpload(workspaceId: string, brandId: string) {
  const qc = useQueryClient();
  const [current, setCurrent] = useState<UploadState>(null);
  const [error, setError] = useState<unknown>(null);
  const upload = useCallback(
    async (file: File, alt?: string): Promise<MediaAsset | null> => {
      setError(null);
      setCurrent({ fileName: file.name, progress: 0 });
      try {
        const asset = await uploadMedia({
          workspaceId,
          brandId,
          file,
          ...(alt ? { alt } : {}),
          onProgress: (progress) => setCurrent({ fileName: file.name, progress }),
        });
        void qc.invalidateQueries({ queryKey: ["media", workspaceId, brandId] });
        return asset;
      } catch (err) {
        setError(err);
        return null;
      } finally {
        setCurrent(null);
      }
    },
    [workspaceId, brandId, qc],
  );
  return { upload, current, error, clearError: () => setError(null) };
}
