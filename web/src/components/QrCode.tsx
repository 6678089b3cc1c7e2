/** A QR code as an inline SVG (crisp at any size, no image request, CSP-safe). */
import { useMemo } from 'react';
import { encodeQr, qrSvgPath } from '../lib/qr.ts';

export interface QrCodeProps {
  value: string;
  /** Rendered width and height in px (or any CSS length). */
  size?: number | string;
  /** Accessible name of the image. */
  title?: string;
}

export function QrCode({ value, size = 240, title = '二维码' }: QrCodeProps) {
  const qr = useMemo(() => encodeQr(value), [value]);
  const border = 4;
  const dim = qr.size + border * 2;
  return (
    <svg
      role="img"
      aria-label={title}
      data-testid="qr-code"
      data-value={value}
      viewBox={`0 0 ${dim} ${dim}`}
      width={size}
      height={size}
      shapeRendering="crispEdges"
      style={{ display: 'block', background: '#fff', maxWidth: '100%', height: 'auto' }}
    >
      <title>{title}</title>
      <rect width={dim} height={dim} fill="#fff" />
      <path d={qrSvgPath(qr, border)} fill="#000" />
    </svg>
  );
}
