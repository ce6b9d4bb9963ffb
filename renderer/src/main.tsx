import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initTransport } from './api';
import { App } from './App';
import { NoticeProvider } from './notify';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
try {
  initTransport();
  root.render(
    <StrictMode>
      <NoticeProvider>
        <App />
      </NoticeProvider>
    </StrictMode>,
  );
} catch (err) {
  root.render(<p className="fatal">{err instanceof Error ? err.message : String(err)}</p>);
}
