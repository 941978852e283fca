import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { usePullDownRefresh, useRouter } from '@tarojs/taro';
import {
  SERVICE_SCHEDULES_NAME,
  type Doctor,
  type ScheduleDay,
  type ScheduleResponse,
} from '@jiankang/shared';
import { describeError, getSchedule, getServiceSchedule, listDoctors } from '../../../api';
import DateStrip from '../../../components/DateStrip';
import FreshnessNote from '../../../components/FreshnessNote';
import SlotGrid from '../../../components/SlotGrid';
import SlotSheet, { type SlotPick } from '../../../components/SlotSheet';
import SourceNote from '../../../components/SourceNote';
import StateView from '../../../components/StateView';
import { useAsync } from '../../../hooks';
import {
  backLabel,
  backOrHome,
  decodeParam,
  navigateTo,
  setTitle,
  stopPullDownRefresh,
  toast,
} from '../../../platform';
import { routes } from '../../../routes';
import { dateStrip, FEE_UNKNOWN, formatYuan, initialDate, monthDay } from '../../../utils/slots';
import { sortDoctors } from './doctors';
import { MAX_WEEK, scheduleRows, weekOf, weekWindow, type DoctorRow } from './schedule';
import './index.scss';

export default function DepartmentPage() {
  const { params } = useRouter();
  const hospitalId = decodeParam(params.hospitalId);
  const deptId = decodeParam(params.deptId);
  const hospitalName = decodeParam(params.hname);
  const wantedDate = decodeParam(params.date);
  // The hospital's service-level schedules (普通门诊 …) that its feed put in no department.
  const services = decodeParam(params.services) === '1';

  // Which 7-day window the strip shows: 0 = from today. A date handed over (from 最早可约) opens its week.
  const [week, setWeek] = useState(() => weekOf(wantedDate));
  const schedule = useAsync(async () => {
    if (!hospitalId || (!deptId && !services)) throw new Error('missing ids');
    return services
      ? getServiceSchedule(hospitalId, weekWindow(week))
      : getSchedule(hospitalId, deptId, weekWindow(week));
  }, [hospitalId, deptId, services, week]);
  if (services)
    return (
      <ServicesPage
        schedule={schedule}
        week={week}
        onWeek={setWeek}
        wantedDate={wantedDate}
        hospitalName={hospitalName}
      />
    );
  return (
    <DepartmentView
      hospitalId={hospitalId}
      deptId={deptId}
      hospitalName={hospitalName}
      wantedDate={wantedDate}
      schedule={schedule}
      week={week}
      onWeek={setWeek}
    />
  );
}

interface ServicesProps {
  schedule: ReturnType<typeof useAsync<ScheduleResponse>>;
  week: number;
  onWeek: (week: number) => void;
  wantedDate: string;
  hospitalName: string;
}

/** 门诊服务: schedules without a doctor or department, shown under their service names. */
function ServicesPage({ schedule, week, onWeek, wantedDate, hospitalName }: ServicesProps) {
  const shownHospital = schedule.data?.hospitalName || hospitalName;
  setTitle(SERVICE_SCHEDULES_NAME);
  usePullDownRefresh(() => {
    void schedule.refresh().then((ok) => {
      stopPullDownRefresh();
      if (!ok) toast('刷新失败，请稍后重试');
    });
  });
  return (
    <View className="department" data-testid="page-department">
      <View className="dept-header">
        {shownHospital && <Text className="dept-header__hospital">{shownHospital}</Text>}
        <Text className="dept-header__name" data-testid="department-title">
          {SERVICE_SCHEDULES_NAME}
        </Text>
        <Text className="dept-header__meta">医院按服务发布的号源，未指定医生</Text>
      </View>
      <Schedule
        state={schedule}
        doctors={[]}
        wantedDate={wantedDate}
        week={week}
        onWeek={onWeek}
        hospitalName={shownHospital}
        departmentName={SERVICE_SCHEDULES_NAME}
      />
    </View>
  );
}

interface DepartmentProps {
  hospitalId: string;
  deptId: string;
  hospitalName: string;
  wantedDate: string;
  schedule: ReturnType<typeof useAsync<ScheduleResponse>>;
  week: number;
  onWeek: (week: number) => void;
}

function DepartmentView({
  hospitalId,
  deptId,
  hospitalName,
  wantedDate,
  schedule,
  week,
  onWeek: setWeek,
}: DepartmentProps) {
  const doctors = useAsync(async () => {
    if (!hospitalId || !deptId) throw new Error('missing ids');
    const res = await listDoctors(hospitalId, deptId);
    setTitle(res.department.name);
    return { ...res, items: sortDoctors(res.items) };
  }, [hospitalId, deptId]);

  usePullDownRefresh(() => {
    void Promise.all([doctors.refresh(), schedule.refresh()]).then(([a, b]) => {
      stopPullDownRefresh();
      if (!a || !b) toast('刷新失败，请稍后重试');
    });
  });

  if (doctors.status === 'loading') return <StateView kind="loading" />;
  if (doctors.status === 'error' || !doctors.data) {
    const view =
      hospitalId && deptId ? describeError(doctors.error) : { message: '没有指定科室', retryable: false };
    return (
      <View className="department" data-testid="page-department">
        <StateView
          kind="error"
          message={view.message}
          hint={view.hint}
          requestId={view.requestId}
          onRetry={view.retryable ? () => void doctors.reload() : undefined}
          onBack={backOrHome}
          backLabel={backLabel()}
        />
      </View>
    );
  }

  const { department, items, directory } = doctors.data;
  const shownHospital = schedule.data?.hospitalName || hospitalName;
  return (
    <View className="department" data-testid="page-department">
      <View className="dept-header">
        {shownHospital && <Text className="dept-header__hospital">{shownHospital}</Text>}
        <Text className="dept-header__name" data-testid="department-title">
          {department.name}
        </Text>
        <Text className="dept-header__meta">
          {department.categoryName} · {items.length} 位医生
        </Text>
        {department.description && <Text className="dept-header__desc">{department.description}</Text>}
        <View
          className="dept-header__earliest"
          hoverClass="dept-header__earliest--pressed"
          role="link"
          data-testid="earliest-link"
          onClick={() => navigateTo(routes.earliest(department.code, department.name))}
        >
          查看全市最早可约 ›
        </View>
      </View>
      <FreshnessNote directory={directory} />
      <Schedule
        state={schedule}
        doctors={items}
        wantedDate={wantedDate}
        week={week}
        onWeek={setWeek}
        hospitalName={shownHospital}
        departmentName={department.name}
      />
    </View>
  );
}

interface ScheduleProps {
  state: ReturnType<typeof useAsync<ScheduleResponse>>;
  doctors: Doctor[];
  wantedDate: string;
  week: number;
  onWeek: (week: number) => void;
  hospitalName: string;
  departmentName: string;
}

/** The date strip and, for the chosen date, every doctor with their periods. */
function Schedule({ state, doctors, wantedDate, week, onWeek, hospitalName, departmentName }: ScheduleProps) {
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const [sheet, setSheet] = useState<SlotPick | null>(null);
  const now = Date.now();
  const strip = state.data ? dateStrip(state.data.dates, state.data.doctors, now) : [];

  if (state.status === 'loading') {
    return (
      <View>
        <DoctorList rows={doctors.map((doctor) => ({ doctor, day: undefined }))} />
        <StateView kind="loading" message="正在查询号源…" />
      </View>
    );
  }
  if (state.status === 'error' || !state.data) {
    const view = describeError(state.error);
    return (
      <View>
        <View className="schedule-error" data-testid="schedule-error">
          <StateView
            kind="error"
            message={`号源查询失败：${view.message}`}
            requestId={view.requestId}
            onRetry={() => void state.reload()}
          />
        </View>
        <DoctorList rows={doctors.map((doctor) => ({ doctor, day: undefined }))} />
      </View>
    );
  }

  const data = state.data;
  // A hospital with no slot feed: the doctors, and a plain word that slots are not online.
  if (!data.source.asOf && data.doctors.length === 0) {
    return (
      <View>
        <SourceNote source={data.source} now={now} />
        {doctors.length === 0 ? (
          <StateView kind="empty" message="这个科室暂未公布医生信息" />
        ) : (
          <DoctorList rows={doctors.map((doctor) => ({ doctor, day: undefined }))} />
        )}
      </View>
    );
  }

  const date = picked && data.dates.includes(picked) ? picked : initialDate(strip, wantedDate);
  const rows = date ? scheduleRows(doctors, data.doctors, date) : [];
  const working = rows.filter((r) => r.day);
  const off = rows.filter((r) => !r.day);
  const openSheet = (row: DoctorRow, period: ScheduleDay['periods'][number]) =>
    setSheet({
      hospitalName,
      departmentName: data.departmentName || departmentName,
      doctorName: row.doctor.name,
      doctorTitle: row.doctor.title,
      period,
    });

  return (
    <View className="schedule" data-testid="schedule">
      <SourceNote source={data.source} now={now} />
      <WeekBar dates={data.dates} week={week} onWeek={onWeek} />
      <DateStrip items={strip} value={date} onChange={setPicked} />
      <View className="schedule__body" data-testid="schedule-day" data-date={date}>
        {working.length === 0 && (
          <StateView kind="empty" message="当日无排班" hint="请选择其他日期，或查看全市最早可约" />
        )}
        <DoctorList rows={working} onPick={openSheet} now={now} />
        {off.length > 0 && (
          <View className="schedule__off" data-testid="doctors-off">
            <Text className="schedule__off-title">当日无排班的医生（{off.length}）</Text>
            <DoctorList rows={off} compact />
          </View>
        )}
      </View>
      {sheet && <SlotSheet key={sheet.period.id} pick={sheet} onClose={() => setSheet(null)} />}
    </View>
  );
}

/** "11-23 至 11-29" with 上一周 / 下一周, from today up to MAX_WEEK weeks ahead. */
function WeekBar({ dates, week, onWeek }: { dates: string[]; week: number; onWeek: (week: number) => void }) {
  const first = dates[0];
  const last = dates[dates.length - 1];
  const canBack = week > 0;
  const canNext = week < MAX_WEEK;
  return (
    <View className="week-bar" data-testid="week-bar">
      <View
        className={`week-bar__button${canBack ? '' : ' week-bar__button--disabled'}`}
        role="button"
        aria-disabled={!canBack}
        data-testid="week-prev"
        onClick={() => canBack && onWeek(week - 1)}
      >
        ‹ 上一周
      </View>
      <Text className="week-bar__range" data-testid="week-range">
        {first && last ? `${monthDay(first)} 至 ${monthDay(last)}` : ''}
      </Text>
      <View
        className={`week-bar__button${canNext ? '' : ' week-bar__button--disabled'}`}
        role="button"
        aria-disabled={!canNext}
        data-testid="week-next"
        onClick={() => canNext && onWeek(week + 1)}
      >
        下一周 ›
      </View>
    </View>
  );
}

function DoctorList(props: {
  rows: DoctorRow[];
  onPick?: (row: DoctorRow, period: ScheduleDay['periods'][number]) => void;
  compact?: boolean;
  now?: number;
}) {
  if (props.rows.length === 0) return null;
  return (
    <View className="doctor-list" data-testid="doctor-list">
      {props.rows.map((row) => (
        <DoctorCard
          key={row.doctor.id}
          row={row}
          compact={props.compact}
          onPick={props.onPick}
          now={props.now}
        />
      ))}
    </View>
  );
}

function DoctorCard({
  row,
  compact,
  onPick,
  now,
}: {
  row: DoctorRow;
  compact?: boolean | undefined;
  onPick?: ((row: DoctorRow, period: ScheduleDay['periods'][number]) => void) | undefined;
  now?: number | undefined;
}) {
  const { doctor, day } = row;
  const senior = doctor.title === '主任医师' || doctor.title === '副主任医师';
  const published = day?.periods.map((p) => p.feeFen).filter((f): f is number => f !== null) ?? [];
  const fees = [...new Set(published)].sort((a, b) => a - b);
  const fee =
    fees.length === 0
      ? day && day.periods.length > 0
        ? FEE_UNKNOWN
        : ''
      : fees.length === 1
        ? formatYuan(fees[0] as number)
        : `${formatYuan(fees[0] as number)}–${formatYuan(fees[fees.length - 1] as number)}`;
  return (
    <View
      className={`doctor-card${compact ? ' doctor-card--compact' : ''}`}
      data-testid="doctor-card"
      data-id={doctor.id}
    >
      <View className="doctor-card__top">
        <View className={`doctor-card__avatar${senior ? ' doctor-card__avatar--senior' : ''}`} aria-hidden>
          {doctor.name.slice(0, 1)}
        </View>
        <View className="doctor-card__body">
          <View className="doctor-card__head">
            <Text className="doctor-card__name" data-testid="doctor-name">
              {doctor.name}
            </Text>
            {doctor.title && (
              <Text
                className={`doctor-card__title${senior ? ' doctor-card__title--senior' : ''}`}
                data-testid="doctor-title"
              >
                {doctor.title}
              </Text>
            )}
            {fee && (
              <Text className="doctor-card__fee" data-testid="doctor-fee">
                挂号费 {fee}
              </Text>
            )}
          </View>
          {doctor.specialty && !compact && (
            <Text className="doctor-card__specialty" data-testid="doctor-specialty">
              {doctor.specialty.startsWith('擅长') ? doctor.specialty : `擅长：${doctor.specialty}`}
            </Text>
          )}
        </View>
      </View>
      {day && onPick && (
        <SlotGrid periods={day.periods} onPick={(p) => onPick(row, p)} {...(now ? { now } : {})} />
      )}
    </View>
  );
}
