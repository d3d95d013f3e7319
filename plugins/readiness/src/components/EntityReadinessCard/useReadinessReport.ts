import { useApi } from '@backstage/core-plugin-api';
import type { ReadinessReport } from '@readiness/plugin-readiness-common';
import { useCallback, useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api/ReadinessApi';

/**
 * Loads the report of an entity and offers a refresh that replaces it.
 *
 * @internal
 */
export function useReadinessReport(entityRef: string) {
  const api = useApi(readinessApiRef);
  // Bumped to read the stored report again (after a waiver changed it).
  const [reads, setReads] = useState(0);
  const { value, loading, error } = useAsync(
    () => api.getReport(entityRef),
    [api, entityRef, reads],
  );
  const [refreshed, setRefreshed] = useState<ReadinessReport>();
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<Error>();

  useEffect(() => {
    setRefreshed(undefined);
    setRefreshError(undefined);
  }, [entityRef]);

  const refresh = useCallback(async () => {
    setRefreshing(true);
    setRefreshError(undefined);
    try {
      setRefreshed(await api.refresh(entityRef));
    } catch (e) {
      setRefreshError(e as Error);
    } finally {
      setRefreshing(false);
    }
  }, [api, entityRef]);

  const reload = useCallback(() => {
    setRefreshed(undefined);
    setReads(n => n + 1);
  }, []);

  return {
    report: refreshed ?? value,
    reload,
    loading,
    error,
    refresh,
    refreshing,
    refreshError,
  };
}
