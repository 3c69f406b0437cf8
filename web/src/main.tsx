import '@mantine/core/styles.css';
import './styles.css';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { queryClient } from './api/query-client';
import { AuthProvider } from './app/auth';
import { AppRoutes } from './app/router';
import { cssVariablesResolver, theme } from './app/theme';
import { initI18n } from './i18n';

// The toast container (and its animation library) is not needed for the first paint.
const Notifications = lazy(() => import('./components/notifications-host'));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const container = root;
void initI18n().then(() =>
  createRoot(container).render(
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
        <Suspense fallback={null}>
          <Notifications />
        </Suspense>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AuthProvider>
              <AppRoutes />
            </AuthProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  ),
);
