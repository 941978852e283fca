import { Text, View } from '@tarojs/components';
import { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { MAX_PATIENTS_PER_ACCOUNT, idTypeName, relationName } from '@jiankang/shared/domain';
import { describeError, needsSignIn } from '../../../api/errors';
import { listPatients } from '../../../api/patients';
import SessionFixView from '../../../components/SessionFixView';
import StateView from '../../../components/StateView';
import { useAsync } from '../../../hooks';
import { navigateTo, stopPullDownRefresh } from '../../../platform';
import { patientPaths } from '../paths';
import './index.scss';

/** The account's 就诊人, masked as the BFF sends them; tap one to edit, or add up to five. */
export default function PatientListPage() {
  const result = useAsync(() => listPatients(), []);
  // Coming back from the form: show what was added or changed.
  useDidShow(() => void result.refresh());
  usePullDownRefresh(() => void result.refresh().then(() => stopPullDownRefresh()));

  const items = result.data?.items ?? [];
  const full = items.length >= MAX_PATIENTS_PER_ACCOUNT;

  return (
    <View className="patients" data-testid="page-patients">
      {result.status === 'loading' && <StateView kind="loading" message="正在读取就诊人…" />}
      {result.status === 'error' && needsSignIn(result.error) && (
        <SessionFixView error={result.error} returnTo={patientPaths.list()} />
      )}
      {result.status === 'error' && !needsSignIn(result.error) && (
        <StateView
          kind="error"
          message={describeError(result.error).message}
          hint={describeError(result.error).hint}
          requestId={describeError(result.error).requestId}
          onRetry={() => void result.reload()}
        />
      )}
      {result.status === 'ready' && (
        <View className="patients__body">
          <Text className="patients__count" data-testid="patients-count">
            已添加 {items.length}/{MAX_PATIENTS_PER_ACCOUNT} 位就诊人
          </Text>
          {items.length === 0 && (
            <StateView kind="empty" message="还没有就诊人" hint="添加后即可为本人或家人预约挂号" />
          )}
          {items.map((p) => (
            <View
              key={p.id}
              className="patients__card"
              data-testid="patient-card"
              role="button"
              hoverClass="patients__card--pressed"
              onClick={() => navigateTo(patientPaths.edit(p.id))}
            >
              <View className="patients__row">
                <Text className="patients__name">{p.name}</Text>
                <Text className={`patients__tag${p.relation === 'self' ? ' patients__tag--self' : ''}`}>
                  {relationName(p.relation)}
                </Text>
              </View>
              <Text className="patients__meta">
                {idTypeName(p.idType)} {p.idNumberMasked}
              </Text>
              <Text className="patients__meta">手机 {p.phoneMasked}</Text>
            </View>
          ))}
          <View
            className={`patients__add${full ? ' patients__add--disabled' : ''}`}
            data-testid="patient-add"
            role="button"
            aria-disabled={full}
            onClick={() => {
              if (!full) navigateTo(patientPaths.add());
            }}
          >
            {full ? `最多添加${MAX_PATIENTS_PER_ACCOUNT}位就诊人` : '＋ 添加就诊人'}
          </View>
        </View>
      )}
    </View>
  );
}
