import { useCallback, useEffect, useRef, useState } from 'react';
import type { DirectoryFreshness, HospitalListItem } from '@jiankang/shared';
import type { DistrictCode, GradeCode } from '@jiankang/shared/domain';
import { listHospitals } from '../api';

export interface HospitalFilters {
  district?: DistrictCode | undefined;
  grade?: GradeCode | undefined;
  q?: string | undefined;
}

export interface HospitalListState {
  status: 'loading' | 'ready' | 'empty' | 'error';
  items: HospitalListItem[];
  total: number;
  page: number;
  directory: DirectoryFreshness | null;
  /** The error of the first page (status 'error'). */
  error: unknown;
  loadingMore: boolean;
  /** A failed "load more": the list stays, the footer offers a retry. */
  moreError: unknown;
}

const INITIAL: HospitalListState = {
  status: 'loading',
  items: [],
  total: 0,
  page: 0,
  directory: null,
  error: undefined,
  loadingMore: false,
  moreError: undefined,
};

/**
 * The hospital list for a set of filters: first page when the filters change, next page on
 * `loadMore()`, `refresh()` for pull-down (keeps the list if it fails and resolves false).
 * Each filter change starts a new generation; late answers from an older one are ignored.
 */
export function useHospitalList(filters: HospitalFilters, pageSize = 20) {
  const [state, setState] = useState<HospitalListState>(INITIAL);
  const generation = useRef(0);
  const stateRef = useRef(state);
  stateRef.current = state;
  const { district, grade, q } = filters;

  const loadFirst = useCallback(
    async (keepList: boolean): Promise<boolean> => {
      const mine = ++generation.current;
      if (!keepList) setState(INITIAL);
      try {
        const res = await listHospitals({ district, grade, q, page: 1, pageSize });
        if (mine !== generation.current) return false;
        setState({
          ...INITIAL,
          status: res.items.length ? 'ready' : 'empty',
          items: res.items,
          total: res.total,
          page: 1,
          directory: res.directory,
        });
        return true;
      } catch (error) {
        if (mine !== generation.current) return false;
        if (!keepList || stateRef.current.items.length === 0) {
          setState({ ...INITIAL, status: 'error', error });
        }
        return false;
      }
    },
    [district, grade, q, pageSize],
  );

  useEffect(() => {
    void loadFirst(false);
  }, [loadFirst]);

  const loadMore = useCallback(async () => {
    const s = stateRef.current;
    if (s.status !== 'ready' || s.loadingMore || s.items.length >= s.total) return;
    const mine = generation.current;
    setState((prev) => ({ ...prev, loadingMore: true, moreError: undefined }));
    try {
      const res = await listHospitals({ district, grade, q, page: s.page + 1, pageSize });
      if (mine !== generation.current) return;
      setState((prev) => {
        // The directory can change between pages: never show one hospital twice.
        const seen = new Set(prev.items.map((h) => h.id));
        return {
          ...prev,
          items: [...prev.items, ...res.items.filter((h) => !seen.has(h.id))],
          total: res.total,
          page: res.page,
          directory: res.directory,
          loadingMore: false,
        };
      });
    } catch (error) {
      if (mine !== generation.current) return;
      setState((prev) => ({ ...prev, loadingMore: false, moreError: error }));
    }
  }, [district, grade, q, pageSize]);

  const reload = useCallback(() => loadFirst(false), [loadFirst]);
  const refresh = useCallback(() => loadFirst(true), [loadFirst]);
  const hasMore = state.status === 'ready' && state.items.length < state.total;

  return { ...state, hasMore, loadMore, reload, refresh };
}
