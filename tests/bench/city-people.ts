import { randomBytes, randomUUID } from 'node:crypto';
import { maskName } from '@jiankang/shared/domain';
import { encrypt, type DataKey } from '../../bff/src/lib/crypto-box';
import type { Pii } from '../../bff/src/lib/pii';
import type { AccountDoc, ConsentDoc } from '../../bff/src/models/accounts';
import type { BookingDoc, NoShowDoc } from '../../bff/src/models/bookings';
import { cardClaimIds, type CardClaimDoc, type HealthCardDoc } from '../../bff/src/models/health-cards';
import { claimIds, type PatientClaimDoc, type PatientDoc } from '../../bff/src/models/patients';
import { newAccountId } from '../../bff/src/services/auth/accounts';
import { newBookingId } from '../../bff/src/services/bookings/booking-service';
import { CARD_SEAL } from '../../bff/src/services/health-card/deps';
import { SEAL } from '../../bff/src/services/patients/patient-view';
import { matchPerson } from '../../sim/src/regional/empi';
import { syntheticIdNumber } from '../support/synthetic-person';

/**
 * One synthetic resident of the seeded city, as the services would have written them: the
 * account (session key sealed as login seals it), the privacy consent, one 本人 patient (name, ID
 * number and phone sealed by lib/pii.ts, the ID's keyed hash, the EMPI master id the simulator
 * gives that person, the four claims add-patient takes), a card (sealed as apply-card seals it,
 * with its two claims) and one past booking. Synthetic people only.
 */

const SURNAMES = ['陈', '李', '张', '黄', '林', '刘', '吴', '叶', '罗', '钟', '何', '邓'];
const GIVEN = ['志强', '丽华', '建国', '秀英', '伟', '敏', '嘉欣', '俊杰', '美玲', '国强', '晓燕', '家豪'];
const DAY_MS = 86_400_000;

/** Where a past booking was: a real period's hospital, department and doctor, moved into the past. */
export interface BookingTemplate {
  slotId: string;
  sourceId: string;
  hospitalId: string;
  hospitalName: string;
  departmentId?: string;
  departmentCode?: string;
  departmentName: string;
  doctorId?: string;
  doctorName: string;
  sessionId: string;
  start: Date;
  end: Date;
  feeFen?: number;
}

export interface Resident {
  account: AccountDoc;
  consent: ConsentDoc;
  patient: PatientDoc;
  patientClaims: PatientClaimDoc[];
  card: HealthCardDoc;
  cardClaims: CardClaimDoc[];
  booking: BookingDoc;
  noShow: NoShowDoc | null;
}

export interface ResidentKit {
  pii: Pii;
  dataKey: DataKey;
  privacyVersion: string;
  templates: BookingTemplate[];
  now: Date;
}

const pick = <T>(xs: readonly T[], i: number) => xs[i % xs.length] as T;
const beijingDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Resident number `n` (1-based, stable: the same n is the same person at every size). Their ID
 * numbers start at a million so they never meet the people the measured accounts add.
 */
export function resident(kit: ResidentKit, n: number): Resident {
  const { pii, now } = kit;
  const created = new Date(now.getTime() - (30 + (n % 700)) * DAY_MS);
  const accountId = newAccountId();
  const name = `${pick(SURNAMES, n)}${pick(GIVEN, Math.floor(n / SURNAMES.length))}`;
  const idNumber = syntheticIdNumber(1_000_000 + n);
  const phone = `139${String(n).padStart(8, '0')}`;
  const masterId = matchPerson({ name, idType: '01', idNumber }) ?? `EMPI${randomBytes(10).toString('hex')}`;
  const idHmac = pii.lookupHash(idNumber, 'idNumber:resident_id');
  const patientId = `pt_${randomBytes(12).toString('base64url')}`;
  const claim = (id: string): PatientClaimDoc => ({ _id: id, patientId, accountId, createdAt: created });
  const cardRef = randomBytes(16).toString('hex');
  const cardId = randomBytes(32).toString('hex').toUpperCase();
  const booking = pastBooking(kit, n, { accountId, patientId, name });
  return {
    account: {
      _id: accountId,
      openid: `o${randomBytes(20).toString('base64url').slice(0, 27)}`,
      unionid: null,
      sessionKeySealed: encrypt(kit.dataKey, randomBytes(16).toString('base64')),
      createdAt: created,
      lastLoginAt: new Date(created.getTime() + (n % 30) * DAY_MS),
    },
    consent: { _id: randomUUID(), accountId, version: kit.privacyVersion, acceptedAt: created },
    patient: {
      _id: patientId,
      accountId,
      nameEnc: pii.encrypt(name, SEAL.name),
      idType: 'resident_id',
      idNumberEnc: pii.encrypt(idNumber, SEAL.idNumber),
      idHmac,
      phoneEnc: pii.encrypt(phone, SEAL.phone),
      relation: 'self',
      masterId,
      seat: 1,
      createdAt: created,
      updatedAt: created,
      removedAt: null,
    },
    patientClaims: [
      claim(claimIds.seat(accountId, 1)),
      claim(claimIds.idInAccount(accountId, idHmac)),
      claim(claimIds.self(accountId)),
      claim(claimIds.selfOfId(idHmac)),
    ],
    card: {
      _id: cardRef,
      cardId,
      masterId,
      idType: 'resident_id',
      nameEnc: pii.encrypt(name, CARD_SEAL.name),
      idNumberEnc: pii.encrypt(idNumber, CARD_SEAL.idNumber),
      createdAt: created,
    },
    cardClaims: [
      { _id: cardClaimIds.platform(cardId), cardRef, createdAt: created },
      { _id: cardClaimIds.patient(patientId), cardRef, createdAt: created },
    ],
    booking,
    noShow:
      booking.status === 'no_show'
        ? { _id: `${patientId}#${booking._id}`, patientId, hospitalId: booking.hospitalId, at: booking.end }
        : null,
  };
}

/**
 * A settled visit 1–180 days ago: mostly attended, some cancelled by the patient, a few missed.
 * Claims were released when it ended (so none are held), its reminders went out.
 */
function pastBooking(
  kit: ResidentKit,
  n: number,
  who: { accountId: string; patientId: string; name: string },
): BookingDoc {
  const t = pick(kit.templates, n * 7919);
  const back = (1 + (n % 180)) * DAY_MS + 14 * DAY_MS;
  const start = new Date(t.start.getTime() - back);
  const end = new Date(t.end.getTime() - back);
  const booked = new Date(start.getTime() - (1 + (n % 6)) * DAY_MS);
  const status: BookingDoc['status'] =
    n % 20 === 0 ? 'no_show' : n % 7 === 0 ? 'cancelled_by_patient' : 'attended';
  const day = beijingDay(start);
  const ymd = day.replaceAll('-', '');
  const sourceId = t.sourceId.replace(/\d{8}/, ymd);
  const sent = (kind: 'reminder_evening' | 'reminder_hour', dueAt: Date) => ({
    kind,
    dueAt,
    state: status === 'cancelled_by_patient' ? ('skipped' as const) : ('sent' as const),
    attempts: status === 'cancelled_by_patient' ? 0 : 1,
    lastError: null,
    sentAt: status === 'cancelled_by_patient' ? null : dueAt,
  });
  return {
    _id: newBookingId(),
    accountId: who.accountId,
    patientId: who.patientId,
    patientName: maskName(who.name),
    patientRelation: 'self',
    slotId: `${t.hospitalId}:${sourceId}`,
    sourceSlotId: sourceId,
    hospitalId: t.hospitalId,
    hospitalName: t.hospitalName,
    ...(t.departmentId && { departmentId: t.departmentId }),
    ...(t.departmentCode && { departmentCode: t.departmentCode }),
    departmentName: t.departmentName,
    ...(t.doctorId && { doctorId: t.doctorId }),
    doctorName: t.doctorName,
    sessionId: t.sessionId.replace(/\d{8}/, ymd),
    date: day,
    start,
    end,
    ...(t.feeFen !== undefined && { feeFen: t.feeFen }),
    status,
    awaitingHospital: false,
    hospitalBookingId: `HB${randomBytes(6).toString('hex').toUpperCase()}`,
    failureCode: null,
    cancellableUntil: new Date(start.getTime() - 2 * 3_600_000),
    claims: [],
    alternatives: [],
    rebookOf: null,
    rebookedAs: null,
    outbox: [
      sent('reminder_evening', new Date(start.getTime() - 15 * 3_600_000)),
      sent('reminder_hour', new Date(start.getTime() - 3_600_000)),
    ],
    history: [
      { status: 'pending', at: booked, note: 'claimed locally' },
      { status: 'confirmed', at: booked, note: 'confirmed by the hospital' },
      {
        status,
        at: status === 'cancelled_by_patient' ? new Date(booked.getTime() + DAY_MS / 2) : end,
        note:
          status === 'attended'
            ? 'visit recorded by the hospital'
            : status === 'no_show'
              ? 'no visit recorded by the hospital'
              : 'cancelled by the patient',
      },
    ],
    createdAt: booked,
    updatedAt: end,
  };
}
