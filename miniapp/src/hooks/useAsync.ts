import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export type AsyncStatus = 'loading' | 'ready' | 'error';

export interface AsyncState<T> {
  status: AsyncStatus;
  data: T | undefined;
  error: unknown;
  /** True while a refresh runs over data already on screen. */
  refreshing: boolean;
}

/**
 * Runs `fn` when `deps` change. `reload()` starts over (loading state); `refresh()` keeps the
 * data on screen and resolves false if it failed. Answers to superseded calls are dropped.
 */
export function useAsync<T>(fn: () => Promise<T>, deps: DependencyList) {
  const [state, setState] = useState<AsyncState<T>>({
    status: 'loading',
    data: undefined,
    error: undefined,
    refreshing: false,
  });
  const generation = useRef(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;

  const run = useCallback(async (keepData: boolean): Promise<boolean> => {
    const mine = ++generation.current;
    setState((s) =>
      keepData && s.data !== undefined
        ? { ...s, refreshing: true }
        : { status: 'loading', data: undefined, error: undefined, refreshing: false },
    );
    try {
      const data = await fnRef.current();
      if (mine === generation.current)
        setState({ status: 'ready', data, error: undefined, refreshing: false });
      return true;
    } catch (error) {
      if (mine !== generation.current) return false;
      setState((s) =>
        keepData && s.data !== undefined
          ? { ...s, refreshing: false }
          : { status: 'error', data: undefined, error, refreshing: false },
      );
      return false;
    }
  }, []);

  useEffect(() => {
    void run(false);
    // The caller's deps decide when to fetch again.
  }, deps);

  const reload = useCallback(() => run(false), [run]);
  const refresh = useCallback(() => run(true), [run]);
  return { ...state, reload, refresh };
}
