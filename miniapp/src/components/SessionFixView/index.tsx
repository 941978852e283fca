import { describeError, needsSignIn } from '../../api/errors';
import { goFixSession } from '../../utils/session';
import StateView from '../StateView';

interface Props {
  /** A 401 or CONSENT_REQUIRED (`needsSignIn(error)` is not null). */
  error: unknown;
  /** Where to come back once signed in or consented. */
  returnTo: string;
}

/** A page that cannot load without a session: why, and one button to the page that fixes it. */
export default function SessionFixView({ error, returnTo }: Props) {
  const kind = needsSignIn(error) ?? 'login';
  return (
    <StateView
      kind="error"
      message={describeError(error).message}
      onBack={() => goFixSession(kind, returnTo)}
      backLabel={kind === 'consent' ? '去同意' : '去登录'}
    />
  );
}
