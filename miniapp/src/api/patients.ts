import type {
  Patient,
  PatientInput,
  PatientListResponse,
  PatientResponse,
  PatientUpdate,
} from '@jiankang/shared';
import { request } from './client';

/** 就诊人 of the signed-in account; the client sends the bearer token (api/client.ts). */
export function listPatients(): Promise<PatientListResponse> {
  return request<PatientListResponse>('/patients', { auth: true });
}

export async function getPatient(id: string): Promise<Patient> {
  return (await request<PatientResponse>(`/patients/${encodeURIComponent(id)}`, { auth: true })).patient;
}

export async function addPatient(input: PatientInput): Promise<Patient> {
  return (await request<PatientResponse>('/patients', { method: 'POST', body: input, auth: true })).patient;
}

/** Sent as PUT: wx.request has no PATCH, and the BFF treats both alike (only the fields sent change). */
export async function updatePatient(id: string, change: PatientUpdate): Promise<Patient> {
  return (
    await request<PatientResponse>(`/patients/${encodeURIComponent(id)}`, {
      method: 'PUT',
      body: change,
      auth: true,
    })
  ).patient;
}

export async function removePatient(id: string): Promise<void> {
  await request<unknown>(`/patients/${encodeURIComponent(id)}`, { method: 'DELETE', auth: true });
}
