import { useState, type ReactNode } from 'react';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { ID_TYPES, idTypeName, type Relation } from '@jiankang/shared/domain';
import { ApiError } from '../../../api/client';
import { describeError, errorMessage } from '../../../api/errors';
import { addPatient, listPatients, removePatient, updatePatient } from '../../../api/patients';
import StateView from '../../../components/StateView';
import { useAsync } from '../../../hooks';
import { backOrHome, decodeParam, setTitle, toast } from '../../../platform';
import {
  EMPTY_FORM,
  ID_TYPE_LABELS,
  fieldOfServerError,
  hasErrors,
  relationChoices,
  toInput,
  toUpdate,
  validateField,
  validateForm,
  type FormErrors,
  type FormField,
  type PatientFormValues,
} from '../form';
import './index.scss';

/** Add a 就诊人, or edit one (name, phone, relation; the ID document is fixed once added). */
export default function PatientEditPage() {
  const { params } = useRouter();
  const editingId = decodeParam(params.id);
  const mode = editingId ? 'edit' : 'add';
  const [values, setValues] = useState<PatientFormValues>(EMPTY_FORM);
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);

  const loaded = useAsync(async () => {
    setTitle(editingId ? '编辑就诊人' : '添加就诊人');
    const { items } = await listPatients();
    const patient = items.find((p) => p.id === editingId);
    if (editingId && !patient)
      throw new ApiError({
        status: 404,
        code: 'PATIENT_NOT_FOUND',
        message: '没有找到这位就诊人',
        requestId: '',
      });
    if (patient) setValues({ ...EMPTY_FORM, idType: patient.idType, relation: patient.relation });
    return { items, patient };
  }, [editingId]);

  const set = <K extends FormField>(field: K, value: PatientFormValues[K]) => {
    const next = { ...values, [field]: value };
    setValues(next);
    // Once a field has shown a message, re-check it as the resident types.
    if (errors[field]) setErrors({ ...errors, [field]: validateField(field, next, mode) });
  };
  const check = (field: FormField) => setErrors({ ...errors, [field]: validateField(field, values, mode) });

  if (loaded.status !== 'ready' || !loaded.data) {
    return (
      <View className="patient-form" data-testid="page-patient-form">
        {loaded.status === 'loading' ? (
          <StateView kind="loading" />
        ) : (
          <StateView
            kind="error"
            message={describeError(loaded.error).message}
            onRetry={() => void loaded.reload()}
            onBack={backOrHome}
          />
        )}
      </View>
    );
  }

  const { items, patient } = loaded.data;
  const relations = relationChoices(items, editingId || undefined);
  const relationIndex = relations.findIndex((r) => r.code === values.relation);

  const submit = async () => {
    const found = validateForm(values, mode);
    setErrors(found);
    if (hasErrors(found) || busy) return;
    setBusy(true);
    try {
      if (patient) {
        const change = toUpdate(values, patient);
        if (change) await updatePatient(patient.id, change);
      } else {
        const input = toInput(values);
        if (!input) return;
        await addPatient(input);
      }
      toast(patient ? '已保存' : '已添加');
      backOrHome();
    } catch (err) {
      const field = err instanceof ApiError ? fieldOfServerError(err.field) : undefined;
      if (field) setErrors({ ...found, [field]: errorMessage(err) });
      else toast(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!patient) return;
    const { confirm } = await Taro.showModal({
      title: '删除就诊人',
      content: `确定删除 ${patient.name} 吗？`,
    });
    if (!confirm) return;
    try {
      await removePatient(patient.id);
      toast('已删除');
      backOrHome();
    } catch (err) {
      toast(errorMessage(err));
    }
  };

  const row = (field: FormField, label: string, control: ReactNode) => (
    <View className={`patient-form__row${errors[field] ? ' patient-form__row--error' : ''}`}>
      <Text className="patient-form__label">{label}</Text>
      <View className="patient-form__control">{control}</View>
      {errors[field] && (
        <Text className="patient-form__error" data-testid={`error-${field}`}>
          {errors[field]}
        </Text>
      )}
    </View>
  );

  return (
    <View className="patient-form" data-testid="page-patient-form">
      <View className="patient-form__card">
        {row(
          'name',
          '姓名',
          <Input
            data-testid="input-name"
            value={values.name}
            maxlength={30}
            placeholder={patient ? `${patient.name}（不修改请留空）` : '与证件上的姓名一致'}
            onInput={(e) => set('name', e.detail.value)}
            onBlur={() => check('name')}
          />,
        )}
        {row(
          'idType',
          '证件类型',
          patient ? (
            <Text>{idTypeName(patient.idType)}</Text>
          ) : (
            <Picker
              mode="selector"
              range={ID_TYPE_LABELS}
              value={ID_TYPES.findIndex((t) => t.code === values.idType)}
              onChange={(e) => set('idType', ID_TYPES[Number(e.detail.value)]?.code ?? 'resident_id')}
            >
              <Text data-testid="picker-idType">{idTypeName(values.idType)}</Text>
            </Picker>
          ),
        )}
        {row(
          'idNumber',
          '证件号码',
          patient ? (
            <Text>{patient.idNumberMasked}</Text>
          ) : (
            <Input
              data-testid="input-idNumber"
              type={values.idType === 'resident_id' ? 'idcard' : 'text'}
              value={values.idNumber}
              maxlength={20}
              placeholder="请输入证件号码"
              onInput={(e) => set('idNumber', e.detail.value)}
              onBlur={() => check('idNumber')}
            />
          ),
        )}
        {row(
          'phone',
          '手机号',
          <Input
            data-testid="input-phone"
            type="number"
            value={values.phone}
            maxlength={16}
            placeholder={patient ? `${patient.phoneMasked}（不修改请留空）` : '用于接收就诊提醒'}
            onInput={(e) => set('phone', e.detail.value)}
            onBlur={() => check('phone')}
          />,
        )}
        {row(
          'relation',
          '与您的关系',
          <Picker
            mode="selector"
            range={relations.map((r) => r.name)}
            value={Math.max(0, relationIndex)}
            onChange={(e) =>
              set('relation', (relations[Number(e.detail.value)]?.code ?? '') as Relation | '')
            }
          >
            <Text
              data-testid="picker-relation"
              className={relationIndex < 0 ? 'patient-form__placeholder' : ''}
            >
              {relationIndex < 0 ? '请选择' : relations[relationIndex]?.name}
            </Text>
          </Picker>,
        )}
      </View>
      {patient && (
        <Text className="patient-form__note">证件信息添加后不能修改；如有错误，请删除后重新添加。</Text>
      )}
      <Button
        className="patient-form__submit"
        data-testid="patient-submit"
        loading={busy}
        onClick={() => void submit()}
      >
        {patient ? '保存' : '添加'}
      </Button>
      {patient && (
        <Button className="patient-form__remove" data-testid="patient-remove" onClick={() => void remove()}>
          删除就诊人
        </Button>
      )}
    </View>
  );
}
