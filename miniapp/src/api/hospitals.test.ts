import Taro from '@tarojs/taro';
import type {
  DoctorListResponse,
  HospitalDetailResponse,
  HospitalListResponse,
  HospitalSummary,
} from '@jiankang/shared';
import { describeError, errorMessage } from './errors';
import { ApiError } from './client';
import { getHospital, listDoctors, listHospitals } from './hospitals';

jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { request: jest.fn() } }));

const fakeRequest = Taro.request as unknown as jest.Mock;
const directory = { asOf: '2026-11-23T03:00:00.000Z', ageSeconds: 120, stale: false };

const summary: HospitalSummary = {
  id: 'hz-central',
  name: '惠州市中心人民医院',
  aliases: ['市中心医院'],
  grade: '3A',
  gradeName: '三级甲等',
  type: '综合医院',
  district: 'huicheng',
  districtName: '惠城区',
  address: '惠州市惠城区鹅岭北路41号',
  phone: '0752-2288288',
  location: { lat: 23.1, lng: 114.4 },
  campuses: [],
  departmentCount: 2,
};

function answerOnce(data: unknown, statusCode = 200) {
  fakeRequest.mockResolvedValueOnce({ statusCode, data, header: {} });
}
const url = () => (fakeRequest.mock.calls.at(-1)[0] as { url: string }).url;

beforeEach(() => fakeRequest.mockReset());

describe('listHospitals', () => {
  it('when no filters are given, then it calls /hospitals with no query', async () => {
    const body: HospitalListResponse = {
      items: [{ ...summary, onlineBooking: 'here' }],
      page: 1,
      pageSize: 20,
      total: 1,
      directory,
    };
    answerOnce(body);
    const res = await listHospitals();
    expect(url()).toBe('/api/v1/hospitals');
    // Typed with the shared contract: this line would not compile if the shape drifted.
    const first: string | undefined = res.items[0]?.districtName;
    expect(first).toBe('惠城区');
  });

  it('when filters are set, then empty ones are left out and q is encoded', async () => {
    answerOnce({ items: [], page: 2, pageSize: 10, total: 0, directory });
    await listHospitals({ district: 'boluo', grade: undefined, q: '人民', page: 2, pageSize: 10 });
    expect(url()).toBe('/api/v1/hospitals?district=boluo&q=%E4%BA%BA%E6%B0%91&page=2&pageSize=10');
  });
});

describe('getHospital / listDoctors', () => {
  it('when ids are given, then they are path-encoded', async () => {
    const detail: HospitalDetailResponse = {
      hospital: { ...summary, aliases: [], campuses: [], introduction: '简介', departments: [] },
      directory,
    };
    answerOnce(detail);
    const res = await getHospital('hz-central');
    expect(url()).toBe('/api/v1/hospitals/hz-central');
    expect(res.hospital.introduction).toBe('简介');

    const doctors: DoctorListResponse = {
      hospitalId: 'hz-central',
      department: {
        id: 'cardio',
        code: '03.04',
        name: '心血管内科',
        category: 'internal',
        categoryName: '内科',
        doctorCount: 0,
      },
      items: [],
      directory,
    };
    answerOnce(doctors);
    await listDoctors('hz-central', 'a/b');
    expect(url()).toBe('/api/v1/hospitals/hz-central/departments/a%2Fb/doctors');
  });

  it('when the hospital does not exist, then the ApiError reads as plain Chinese', async () => {
    answerOnce({ error: { code: 'HOSPITAL_NOT_FOUND', message: 'no hospital nope', requestId: 'r1' } }, 404);
    const err = await getHospital('nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('HOSPITAL_NOT_FOUND');
    expect(errorMessage(err)).toBe('没有找到这家医院');
    expect(describeError(err)).toEqual({
      message: '没有找到这家医院',
      hint: '医院可能已更名或不再提供服务',
      retryable: false,
    });
    expect(errorMessage(new Error('x'))).toBe('出错了，请稍后重试');
  });
});

describe('describeError', () => {
  it.each([
    [new ApiError({ status: 0, code: 'NETWORK', message: '网络连接失败', requestId: 'a' }), true, undefined],
    [new ApiError({ status: 503, code: 'DIRECTORY_NOT_READY', message: 'x', requestId: 'b' }), true, 'b'],
    [new ApiError({ status: 429, code: 'RATE_LIMITED', message: 'x', requestId: 'c' }), true, undefined],
    [
      new ApiError({ status: 400, code: 'VALIDATION_FAILED', message: 'x', requestId: 'd' }),
      false,
      undefined,
    ],
  ])('when the error is %p, then retryable is %p', (err, retryable, requestId) => {
    const view = describeError(err);
    expect(view.retryable).toBe(retryable);
    expect(view.requestId).toBe(requestId);
  });
});
