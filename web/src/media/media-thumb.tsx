/** A media file's thumbnail, or a plain tile for files that have none (videos). */
import { thumbnailUrl } from "../publishing/queries.js";
import type { MediaAsset } from "../publishing/types.js";

export function MediaThumb({ workspaceId, asset, alt }: { workspaceId: string; asset: Pick<MediaAsset, "id" | "mime" | "fileName" | "thumbnailUrl">; alt?: string }) {
  const isVideo = asset.mime.startsWith("video/");
  if (isVideo && !asset.thumbnailUrl) {
    return (
      <span className="media-tile" role="img" aria-label={alt ?? asset.fileName} data-testid="media-thumb">
        ▶
      </span>
    );
  }
  return <img src={asset.thumbnailUrl ?? thumbnailUrl(workspaceId, asset.id)} alt={alt ?? asset.fileName} loading="lazy" data-testid="media-thumb" />;
}
