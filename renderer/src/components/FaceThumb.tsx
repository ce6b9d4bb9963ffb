import { mediaUrl } from '../api';

/** A face crop: the unit of the whole interface. */
export function FaceThumb({ faceId, size, alt = '' }: { faceId: number | null; size?: number; alt?: string }) {
  if (faceId === null)
    return <div className="face face-empty" style={size ? { width: size, height: size } : undefined} />;
  return (
    <img
      className="face"
      src={mediaUrl('face', faceId)}
      alt={alt}
      loading="lazy"
      decoding="async"
      draggable={false}
      style={size ? { width: size, height: size } : undefined}
    />
  );
}
