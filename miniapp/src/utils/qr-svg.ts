import { create } from 'qrcode';
import { base64Ascii } from './base64';

/**
 * A QR code as an SVG data URL: pure JS, so the same code runs on weapp (whose <image> shows SVG)
 * and H5, and an offline code can be drawn without the network. Error correction H: a lobby
 * scanner still reads a cracked or glary phone screen.
 */
export function qrSvgDataUrl(text: string, opts: { margin?: number; dark?: string } = {}): string {
  const margin = opts.margin ?? 4;
  const qr = create(text, { errorCorrectionLevel: 'H' });
  const size = qr.modules.size;
  const full = size + margin * 2;
  let path = '';
  for (let y = 0; y < size; y += 1) {
    let x = 0;
    while (x < size) {
      if (!qr.modules.get(y, x)) {
        x += 1;
        continue;
      }
      // One run of dark modules per path segment keeps the SVG small.
      const from = x;
      while (x < size && qr.modules.get(y, x)) x += 1;
      path += `M${from + margin} ${y + margin}h${x - from}v1h${from - x}z`;
    }
  }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" shape-rendering="crispEdges">` +
    `<rect width="${full}" height="${full}" fill="#fff"/><path fill="${opts.dark ?? '#000'}" d="${path}"/></svg>`;
  return `data:image/svg+xml;base64,${base64Ascii(svg)}`;
}
