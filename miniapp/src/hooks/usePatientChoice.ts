import { useEffect, useState } from 'react';
import type { Patient } from '@jiankang/shared';
import { listPatients } from '../api/patients';

/**
 * The account's 就诊人 and which one a page shows: `initialId` when it is one of them, else the
 * first (本人 first, as the BFF lists them). `patients` is null until loaded; `error` when the
 * list could not be read.
 */
export function usePatientChoice(initialId: string) {
  const [patients, setPatients] = useState<Patient[] | null>(null);
  const [patientId, setPatientId] = useState(initialId);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    listPatients()
      .then(({ items }) => {
        setPatients(items);
        setPatientId((id) => (id && items.some((p) => p.id === id) ? id : (items[0]?.id ?? '')));
      })
      .catch((err: unknown) => setError(err));
  }, []);
  return { patients, patientId, setPatientId, error };
}
