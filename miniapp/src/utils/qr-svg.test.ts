import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { create } from 'qrcode';
import { qrSvgDataUrl } from './qr-svg';

/** Rasterises our SVG path the way a screen would (module grid), then reads it with jsQR. */
function decodeSvg(dataUrl: string): string | undefined {
  const svg = Buffer.from(dataUrl.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString('ascii');
  const full = Number(/viewBox="0 0 (\d+) /.exec(svg)![1]);
  const scale = 6;
  const png = new PNG({ width: full * scale, height: full * scale });
  png.data.fill(255);
  for (const m of svg.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
    const [x0, y, w] = [Number(m[1]), Number(m[2]), Number(m[3])];
    for (let yy = y * scale; yy < (y + 1) * scale; yy += 1)
      for (let xx = x0 * scale; xx < (x0 + w) * scale; xx += 1) {
        const i = (yy * full * scale + xx) * 4;
        png.data[i] = png.data[i + 1] = png.data[i + 2] = 0;
      }
  }
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

describe('qrSvgDataUrl', () => {
  it('when a code is drawn, then a QR reader gets the same text back', () => {
    const text = `JK1.${'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.repeat(5)}`;
    expect(decodeSvg(qrSvgDataUrl(text))).toBe(text);
  });

  it('when drawn, then it uses error correction H and is valid base64 SVG', () => {
    const url = qrSvgDataUrl('hello');
    const svg = Buffer.from(url.split(',')[1]!, 'base64').toString('ascii');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    const h = create('hello', { errorCorrectionLevel: 'H' });
    expect(svg).toContain(`viewBox="0 0 ${h.modules.size + 8} ${h.modules.size + 8}"`);
  });
});
