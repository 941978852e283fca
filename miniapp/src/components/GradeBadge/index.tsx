import { Text } from '@tarojs/components';
import type { GradeCode } from '@jiankang/shared/domain';
import './index.scss';

/** 三甲 red, other 三级 orange, 二级 blue, the rest grey — the colours residents know. */
export function gradeTone(grade: GradeCode): 'top' | 'high' | 'mid' | 'base' {
  if (grade === '3A') return 'top';
  if (grade.startsWith('3')) return 'high';
  if (grade.startsWith('2')) return 'mid';
  return 'base';
}

export default function GradeBadge({ grade, name }: { grade: GradeCode; name: string }) {
  return (
    <Text className={`grade-badge grade-badge--${gradeTone(grade)}`} data-testid="grade-badge">
      {name}
    </Text>
  );
}
