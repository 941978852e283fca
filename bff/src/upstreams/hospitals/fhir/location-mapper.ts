import type { FeedLocation } from '@jiankang/shared';
import { slotIdOf } from '../common/ids';
import { isWebUrl } from '../common/http';
import { sampleName, zodReason } from '../common/skipped';
import { LocationResource } from './slot-schemas';
import type { Mapped } from './slot-mapper';

const CJK = /[\u3400-\u9fff]/;

/** An address as its readers write it: 省市区 then street in Chinese, street first otherwise. */
function addressLine(a: LocationResource['address']): string | undefined {
  if (!a) return undefined;
  if (a.text?.trim()) return a.text.trim();
  const lines = a.line.map((l) => l.trim()).filter(Boolean);
  const parts = [a.state, a.city, a.district].map((p) => p?.trim()).filter((p): p is string => Boolean(p));
  if ([...lines, ...parts].some((p) => CJK.test(p))) return [...parts, ...lines].join('') || undefined;
  const tail = [a.city, [a.state, a.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [...lines, tail].filter(Boolean).join(', ') || undefined;
}

/** A Location line (SMART Scheduling Links) to what the hospital page shows, or why it is skipped. */
export function mapLocation(raw: unknown, hospitalId: string): Mapped<FeedLocation> {
  const parsed = LocationResource.safeParse(raw);
  if (!parsed.success)
    return { ok: false, reason: `${sampleName('Location', raw)}: ${zodReason(parsed.error)}` };
  const l = parsed.data;
  const phone = l.telecom.find((t) => t.system === 'phone' && t.value?.trim())?.value?.trim();
  const url = l.telecom.find((t) => t.system === 'url' && t.value && isWebUrl(t.value.trim()))?.value?.trim();
  const address = addressLine(l.address);
  return {
    ok: true,
    value: {
      id: slotIdOf(hospitalId, l.id),
      hospitalId,
      sourceId: l.id,
      name: l.name.slice(0, 100),
      ...(l.description?.trim() && { description: l.description.trim().slice(0, 300) }),
      ...(phone && { phone: phone.slice(0, 40) }),
      ...(url && { url: url.slice(0, 2000) }),
      ...(address && { address: address.slice(0, 200) }),
      ...(l.address?.district?.trim() && { district: l.address.district.trim() }),
      ...(l.position && { latitude: l.position.latitude, longitude: l.position.longitude }),
      identifiers: l.identifier
        .slice(0, 10)
        .map((i) => ({ ...(i.system && { system: i.system }), value: i.value })),
    },
  };
}
