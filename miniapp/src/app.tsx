import type { PropsWithChildren } from 'react';
import { installRemScaling } from './platform';
import './app.scss';

installRemScaling();

function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
