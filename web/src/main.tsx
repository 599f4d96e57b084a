/// <reference types="vite/client" />
import 'nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadConfig } from './config';
import { ServiceUnavailable } from './pages/ServiceUnavailable';

// What the NHS page template's inline script does, done here so the page needs no inline
// script (strict CSP): styles for JavaScript-enhanced components apply.
document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);

loadConfig().then(
  (config) => {
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    );
  },
  (error: unknown) => {
    console.error('Could not start: the runtime configuration did not load', error);
    root.render(<ServiceUnavailable />);
  },
);
