import type {
  DynamicCode,
  HealthCardFace,
  HealthCardResponse,
  OfflineCodesResponse,
  ScanEntry,
  ScanListResponse,
  StaticCodeResponse,
} from '@jiankang/shared';
import { request } from './client';

/** 电子健康卡 of one of the account's patients (the BFF answers 404 for anyone else's). */
const base = (patientId: string) => `/patients/${encodeURIComponent(patientId)}/health-card`;

export async function getCard(patientId: string): Promise<HealthCardFace> {
  return (await request<HealthCardResponse>(base(patientId), { auth: true })).card;
}

/** Apply (申领) or bind: the same person applying again gets the same card. */
export async function applyCard(patientId: string): Promise<HealthCardFace> {
  return (await request<HealthCardResponse>(base(patientId), { method: 'POST', auth: true })).card;
}

export function getDynamicCode(patientId: string): Promise<DynamicCode> {
  return request<DynamicCode>(`${base(patientId)}/code`, { auth: true });
}

/** The next codes for consecutive windows, kept on the phone for a lobby without signal. */
export async function getOfflineCodes(patientId: string): Promise<DynamicCode[]> {
  return (await request<OfflineCodesResponse>(`${base(patientId)}/offline-codes`, { auth: true })).items;
}

export async function setPin(patientId: string, pin: string): Promise<void> {
  await request<unknown>(`${base(patientId)}/pin`, { method: 'PUT', body: { pin }, auth: true });
}

export function getStaticCode(patientId: string): Promise<StaticCodeResponse> {
  return request<StaticCodeResponse>(`${base(patientId)}/static-code`, { auth: true });
}

export async function listScans(patientId: string): Promise<ScanEntry[]> {
  return (await request<ScanListResponse>(`${base(patientId)}/scans`, { auth: true })).items;
}
