import type { SourceFreshness } from '@jiankang/shared';
import { describeSource } from '../../utils/slots';
import NoteLine from '../NoteLine';

interface Props {
  source: Pick<SourceFreshness, 'status' | 'asOf'>;
  /** Rendering time; defaults to now. */
  now?: number;
}

/** "更新于 3 分钟前", or a visible notice when the hospital's feed cannot be reached. */
export default function SourceNote({ source, now = Date.now() }: Props) {
  const view = describeSource(source, now);
  const warn = view.tone === 'warn';
  return (
    <NoteLine
      text={view.text}
      tone={warn ? 'warn' : 'info'}
      testId={warn ? 'source-warning' : 'source-fresh'}
    />
  );
}
