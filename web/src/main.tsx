import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider, createBrowserRouter } from 'react-router-dom';
import { createQueryClient } from './api/query-client';
import { App } from './app/App';
import './app/styles.css';
import { DialogProvider } from './components/dialogs';
import { initI18n } from './i18n';
import { keepFocusThroughBusyControls } from './lib/focus';
import { initTheme } from './lib/theme';

initTheme();
keepFocusThroughBusyControls();
const client = createQueryClient();

// A data router (one catch-all route, the app keeps its own <Routes>): useBlocker needs one.
const router = createBrowserRouter([
  {
    path: '*',
    element: (
      <DialogProvider>
        <App />
      </DialogProvider>
    ),
  },
]);

initI18n().then(() => {
  const root = document.getElementById('root');
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={client}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  );
});
